"""Writes float32-repr.txt: int32 bits and NumPy's repr of float32 values (run with Debian's python3-numpy)."""
import numpy as np

rng = np.random.default_rng(1)
scale = np.float32(10.0) ** rng.integers(-12, 12, 300).astype(np.float32)
values = np.concatenate([rng.standard_normal(300).astype(np.float32) * scale,
                         np.array([0.1, 1e-5, 1e16, 3.4028235e38, 1.4e-45, -0.0, 100.0, 0.5, 2 ** -20], dtype=np.float32)])
with open('float32-repr.txt', 'w') as f:
    for v in values:
        if np.isfinite(v):
            f.write(f"{v.view(np.int32)} {repr(v).replace('np.float32(', '').rstrip(')')}\n")
