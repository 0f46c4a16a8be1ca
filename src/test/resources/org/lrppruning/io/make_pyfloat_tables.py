"""Regenerates pyfloat-repr.tsv and pyfloat-format.tsv, the tables PyFloatTest checks.

Run from this folder:  python3 make_pyfloat_tables.py
Each line starts with the IEEE-754 bits of a double as 16 hex digits (so the Java side need not
parse Python text to get the value), then Python's output. Deterministic: a fixed seed.
"""
import math
import random
import struct

rng = random.Random(20210601)


def bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


def from_bits(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]


def f32(x):
    return struct.unpack('<f', struct.pack('<f', x))[0]


values = [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, 2.2250738585072014e-308,
          2.225073858507201e-308, 1.7976931348623157e+308, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3,
          1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 0.00011, 123456789012345678.0,
          # values Java 17's Double.toString prints with too many digits (JDK-4511638)
          2.0e23, 1.0e23, 8.41e21, 5.0e-324, 2.82879384806159e17, 1.387364135037754e18,
          1.45800632428665e17, 1.9400994884341945e25, 5.684341886080802e-14, 2.0e-3,
          4.8726570057e288, 7.68905065813e-21, 1.0e-322]

# accuracies as the reference computes them: float(correct) / float(n) * 100
for n in (2, 4, 6, 8, 10, 20, 40, 100, 200, 400, 500, 800, 2000, 4000):
    for c in range(n + 1):
        acc = float(c) / float(n) * 100
        values += [acc, f32(acc), acc / 100]
# means of a few accuracies, as in result tables
for _ in range(1500):
    n = rng.choice((2, 10, 100, 400, 2000))
    accs = [rng.randrange(n + 1) / n * 100 for _ in range(rng.randrange(2, 11))]
    values.append(sum(accs) / len(accs))
# powers of two and ten, and the doubles next to powers of ten
values += [math.ldexp(1.0, e) for e in range(-1074, 1024)]
for e in range(-323, 309):
    p = float('1e%d' % e)
    values += [p, math.nextafter(p, math.inf), math.nextafter(p, 0.0)]
# subnormals
values += [k * 5e-324 for k in range(1, 200)]
values += [from_bits(rng.randrange(1, 1 << 52)) for _ in range(800)]
values.append(from_bits((1 << 52) - 1))
# random bit patterns over the whole finite range
random_bits = []
while len(random_bits) < 4000:
    b = rng.getrandbits(64)
    if (b >> 52) & 0x7FF != 0x7FF:
        random_bits.append(from_bits(b))
values += random_bits
# random magnitudes 1e-30 .. 1e30, full precision and short decimals, and float32s
for _ in range(2000):
    values.append(rng.random() * 10.0 ** rng.randint(-30, 30))
    values.append(round(rng.random(), rng.randint(1, 8)) * 10.0 ** rng.randint(-8, 20))
    values.append(f32(rng.gauss(0.0, 1.0) * 10.0 ** rng.randint(-6, 6)))
values += [-v for v in values[::7]]

seen = set()
with open('pyfloat-repr.tsv', 'w') as out:
    for v in values:
        if bits(v) in seen:
            continue
        seen.add(bits(v))
        out.write('%016x\t%s\n' % (bits(v), repr(v)))

fmt = [0.125, 0.375, 2.5, 3.5, 2.675, 1.005, -0.001, -0.0, 0.0, 1e22, 1e-7, -1e-7, 0.5,
       1.5, 99.995, 99.99499999999999, 123456.7890125, math.inf, -math.inf, math.nan,
       5e-324, 1.7976931348623157e+308]
fmt += [k / 8 for k in range(-40, 41)] + [k / 1000 for k in range(-2000, 2001, 3)]
for n in (2, 10, 20, 100, 400, 2000, 4000):
    fmt += [c / n * 100 for c in range(0, n + 1, max(1, n // 200))]
for _ in range(3000):
    fmt.append(rng.gauss(0.0, 1.0) * 10.0 ** rng.randint(-6, 8))
with open('pyfloat-format.tsv', 'w') as out:
    for i, v in enumerate(fmt):
        for d in ((0, 1, 2, 3, 4, 6, 10) if i < 200 else (2, 3) if i % 2 else (1, 4)):
            out.write('%016x\t%d\t%s\n' % (bits(v), d, '{:.{}f}'.format(v, d)))
