"""Developer check of the interop golden files against real QKeras 0.9.0.

Each check is a function (model name, committed dir, scratch dir) -> None that raises
CheckFailed with a one-line reason, or Skipped. Every check runs on every zoo model and prints
one row; the last line is 'N passed, M failed, K skipped'.

Checks:
  reproducible  regenerates the model with make_golden.py and compares every value (weights,
                configs, inputs, outputs, quantized weights) with the committed files.
  java_files    reads the weights.h5 and inputs.npy that qkeras4j rewrote (--java-dir, written by
                RewriteGoldenFiles) with h5py and numpy, loads the weights into the QKeras model
                and compares its predictions with outputs.npy. Skipped without --java-dir.

Adding a check (e.g. loading models written by qkeras4j in QKeras) means writing one function and
listing it in CHECKS.

Usage: python check.py [--golden DIR] [--java-dir DIR] [--only CHECK] [MODEL ...]
"""

import argparse
import json
import os
import sys
import tempfile

import contextlib
import io

import h5py
import numpy as np

import make_golden
from make_golden import qutils

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GOLDEN = os.path.join(HERE, "..", "src", "test", "resources", "interop")


class CheckFailed(Exception):
    pass


class Skipped(Exception):
    pass


def h5_values(path):
    """Every dataset (path -> array) and every attribute (path@name -> value) of an HDF5 file."""
    out = {}

    def visit(name, obj):
        for key, value in obj.attrs.items():
            out[f"{name}@{key}"] = value
        if isinstance(obj, h5py.Dataset):
            out[name] = obj[()]

    with h5py.File(path, "r") as f:
        for key, value in f.attrs.items():
            out[f"@{key}"] = value
        f.visititems(visit)
    return out


def same(a, b):
    if isinstance(a, (bytes, str)) and isinstance(b, (bytes, str)):
        a = a.decode() if isinstance(a, bytes) else a
        b = b.decode() if isinstance(b, bytes) else b
        if a.startswith("{") and b.startswith("{"):
            return json.loads(a) == json.loads(b)
        return a == b
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "SUO" or b.dtype.kind in "SUO":
        return [str(v) for v in a.ravel()] == [str(v) for v in b.ravel()]
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b)


def compare_h5(name, committed, fresh):
    old, new = h5_values(committed), h5_values(fresh)
    if set(old) != set(new):
        diff = sorted(set(old) ^ set(new))[:3]
        raise CheckFailed(f"{name}: entries differ, e.g. {diff}")
    for key in sorted(old):
        if not same(old[key], new[key]):
            raise CheckFailed(f"{name}: value of {key} differs")


def compare_json(name, committed, fresh):
    with open(committed) as a, open(fresh) as b:
        if json.load(a) != json.load(b):
            raise CheckFailed(f"{name}: JSON content differs")


def compare_npy(name, committed, fresh):
    compare_arrays(name, np.load(committed), np.load(fresh))


def compare_arrays(name, a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        raise CheckFailed(f"{name}: {a.dtype}{a.shape} committed, {b.dtype}{b.shape} now")
    if not np.array_equal(a, b):
        raise CheckFailed(f"{name}: {int(np.sum(a != b))} of {a.size} values differ "
                          f"(max |diff| {float(np.max(np.abs(a - b)))})")


FILES = {
    "model.h5": compare_h5,
    "weights.h5": compare_h5,
    "model.json": compare_json,
    "quantized_weights.json": compare_json,
    "inputs.npy": compare_npy,
    "outputs.npy": compare_npy,
}


def check_reproducible(model, committed, scratch):
    if not os.path.isdir(committed):
        raise CheckFailed(f"no committed files in {committed}; run make_golden.py")
    entry = next(e for e in make_golden.ZOO if e["name"] == model)
    make_golden.generate(entry, scratch)
    for file, compare in FILES.items():
        path = os.path.join(committed, file)
        if not os.path.exists(path):
            raise CheckFailed(f"{file} missing in {committed}")
        compare(file, path, os.path.join(scratch, model, file))


JAVA_DIR = None  # set from --java-dir


def check_java_files(model, committed, scratch):
    if JAVA_DIR is None:
        raise Skipped("no --java-dir given")
    written = os.path.join(JAVA_DIR, model)
    if not os.path.isdir(written):
        raise Skipped(f"qkeras4j wrote nothing for {model}")
    compare_npy("inputs.npy", os.path.join(committed, "inputs.npy"), os.path.join(written, "inputs.npy"))

    expected = h5_datasets(os.path.join(committed, "weights.h5"))
    actual = h5_datasets(os.path.join(written, "weights.h5"))
    if expected.keys() != actual.keys():
        raise CheckFailed(f"weights.h5: datasets differ, e.g. {sorted(expected.keys() ^ actual.keys())[:3]}")
    for key in expected:
        if not same(expected[key], actual[key]):
            raise CheckFailed(f"weights.h5: {key} differs")

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            loaded = qutils.load_qmodel(os.path.join(committed, "model.h5"),
                                        custom_objects=dict(make_golden.CUSTOM_OBJECTS), compile=False)
    except Exception as e:  # noqa: BLE001 - QKeras 0.9.0 cannot reload some of its own models
        raise Skipped(f"datasets equal, but QKeras cannot reload model.h5: {type(e).__name__}")
    with contextlib.redirect_stdout(io.StringIO()):
        for layer in loaded.layers:  # make sure no weight survives from model.h5
            layer.set_weights([np.zeros_like(w) for w in layer.get_weights()])
        loaded.load_weights(os.path.join(written, "weights.h5"))
    x = np.load(os.path.join(written, "inputs.npy"))
    y = loaded.predict(x, batch_size=make_golden.BATCH, verbose=0).astype(np.float32)
    compare_arrays("predict with qkeras4j weights.h5", np.load(os.path.join(committed, "outputs.npy")), y)


def h5_datasets(path):
    """Every dataset of an HDF5 file by path (attributes and jhdf's own markers left out)."""
    return {k: v for k, v in h5_values(path).items() if "@" not in k}


CHECKS = {"reproducible": check_reproducible, "java_files": check_java_files}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--golden", default=DEFAULT_GOLDEN, help="committed golden files")
    parser.add_argument("--java-dir", help="files rewritten by qkeras4j (RewriteGoldenFiles)")
    parser.add_argument("--only", choices=sorted(CHECKS), help="run one check only")
    parser.add_argument("models", nargs="*", help="zoo models (default: all)")
    args = parser.parse_args(argv[1:])
    global JAVA_DIR
    JAVA_DIR = args.java_dir

    known = [e["name"] for e in make_golden.ZOO]
    unknown = sorted(set(args.models) - set(known))
    if unknown:
        print(f"unknown model(s) {unknown}; known: {known}", file=sys.stderr)
        return 2
    models = args.models or known
    checks = {args.only: CHECKS[args.only]} if args.only else CHECKS

    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="qkeras4j-interop-") as scratch:
        for model in models:
            for check_name, check in checks.items():
                try:
                    check(model, os.path.join(args.golden, model), scratch)
                    status, detail = "PASS", ""
                    passed += 1
                except Skipped as e:
                    status, detail = "SKIP", str(e)
                    skipped += 1
                except CheckFailed as e:
                    status, detail = "FAIL", str(e)
                    failed += 1
                except Exception as e:  # noqa: BLE001 - a crash in one row must not stop the rest
                    status, detail = "FAIL", f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
                    failed += 1
                print(f"{status}  {model:30s} {check_name:14s} {detail}", flush=True)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
