a, b = 7, 3
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b, -a, +a, ~a)
print(a & b, a | b, a ^ b, a << b, a >> 1, 2 ** -1, 10 % -3, -7 // 2)
print(a < b, a <= b, a == b, a != b, a > b, a >= b, 1 < 2 < 3, 3 > 2 > 2)
print(not a, a and b, 0 or b, None is None, 1 is not None, 2 in [1, 2], 5 not in (1,))
x = 5
x += 2; x -= 1; x *= 3; x //= 4; x **= 2; x %= 7; x <<= 3; x |= 1; x ^= 2; x &= 0xFF
print(x)
s = "abc"
print(s * 2, s[1], s[-1], s[::-1], s[1:], s[:2], len(s), s.upper())
print(1.5e3, 0x1F, 0o17, 0b101, 1_000_000, 3j * 2j, True + True)
print(f"{a}+{b}={a + b!r:>4} {s!s} {s!a} {3.14159:.3f} {'nested ' + f'{a}'}")
print(a if a > b else b, [a, b][a > b], (lambda n: n * 2)(21))
print(divmod(17, 5), abs(-3), max(1, 9, 4), min([4, 2]), round(2.675, 2), sum(range(101)))
print(str(12), int("42") + 1, float("1.5"), repr("q'uote"), bool([]), hash(1) == hash(1.0))
print(isinstance(3, int), type(3).__name__, chr(65), ord("A"), hex(255), bin(5), oct(8))
