"""What the site may keep of what visitors send: plain functions any app can use.

`identifiers` tells whether text a reader typed holds something that could identify a person;
`clients` finds a request's client address behind the load balancer and counts per client
without keeping the address. Nothing here imports another app of the project.
"""
