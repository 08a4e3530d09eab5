#!/usr/bin/python3
"""Writes the small .npy/.npz fixtures that the Data tests read, with real numpy.

Run from anywhere: /usr/bin/python3 tests/Engram.Tests/Fixtures/make_npy_fixtures.py
The files land in tests/Engram.Tests/Fixtures/npy/ beside this script and are committed;
the tests check the values written here (keep the two in step when changing one).
"""
import os

import numpy as np
from numpy.lib import format as npformat

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npy")
os.makedirs(OUT, exist_ok=True)


def path(name):
    return os.path.join(OUT, name)


def write_version(name, arr, version):
    with open(path(name), "wb") as f:
        npformat.write_array(f, arr, version=version)


# 2 x 3 float64 counting 0..5 (row-major) in every header version.
counting = np.arange(6, dtype="<f8").reshape(2, 3)
np.save(path("v1_f8_2x3.npy"), counting)
write_version("v2_f8_2x3.npy", counting, (2, 0))
write_version("v3_f8_2x3.npy", counting, (3, 0))

# Little and big endian, the integer and bool types.
np.save(path("f4_3.npy"), np.array([1.5, -2.25, 3.0], dtype="<f4"))
np.save(path("big_f8_2x2.npy"), np.array([[1.0, -2.0], [3.5, 1e300]], dtype=">f8"))
np.save(path("big_i4_4.npy"), np.array([1, -2, 70000, -2147483648], dtype=">i4"))
np.save(path("i8_3.npy"), np.array([-(2**40), 0, 2**52], dtype="<i8"))
np.save(path("i4_2x2.npy"), np.array([[7, -8], [9, 2147483647]], dtype="<i4"))
np.save(path("bool_4.npy"), np.array([True, False, False, True]))
np.save(path("u1_3.npy"), np.array([0, 128, 255], dtype="u1"))
np.save(path("i1_3.npy"), np.array([-128, 0, 127], dtype="i1"))
np.save(path("i2_big_2.npy"), np.array([-300, 300], dtype=">i2"))
np.save(path("u2_2.npy"), np.array([0, 65535], dtype="<u2"))
np.save(path("u4_2.npy"), np.array([0, 4294967295], dtype="<u4"))
np.save(path("f2_3.npy"), np.array([0.5, -1.0, 65504.0], dtype="<f2"))

# Fortran order: the values 0..5 laid out as a C-order 2 x 3 array, stored column-major.
np.save(path("fortran_f8_2x3.npy"), np.asfortranarray(counting))
# A 3-D Fortran array: value = 100*i + 10*j + k.
i, j, k = np.indices((2, 3, 4))
np.save(path("fortran_i4_2x3x4.npy"), np.asfortranarray((100 * i + 10 * j + k).astype("<i4")))

# Special shapes.
np.save(path("scalar_f8.npy"), np.array(42.5))
np.save(path("empty_f8_0.npy"), np.zeros((0,), dtype="<f8"))
np.save(path("empty_f4_0x3.npy"), np.zeros((0, 3), dtype="<f4"))
np.save(path("leading_ones_1x4x3.npy"), np.arange(12, dtype="<f4").reshape(1, 4, 3))

# Special values.
np.save(path("specials_f8.npy"), np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324]))

# Types Engram refuses.
np.save(path("complex_c16.npy"), np.array([1 + 2j, 3 - 4j]))
np.save(path("object.npy"), np.array([1, "a", None], dtype=object), allow_pickle=True)
np.save(path("structured.npy"), np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
np.save(path("unicode.npy"), np.array(["ab", "c"]))

# Archives: stored and deflated members.
np.savez(path("two_arrays.npz"), weights=counting, labels=np.array([3, 1, 2], dtype="<i4"))
np.savez_compressed(path("compressed.npz"), embedding=np.arange(12, dtype="<f4").reshape(1, 4, 3))
np.savez(path("single.npz"), np.arange(6, dtype="<f8").reshape(3, 2))

print("wrote", len(os.listdir(OUT)), "files to", OUT)
