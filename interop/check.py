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
  qkeras_h5     loads the full model.h5 that qkeras4j wrote (--models-dir, written by
                WriteZooModels) with QKeras's load_qmodel and compares its predictions with
                QKeras's own outputs.npy and with qkeras4j's predictions.
  qkeras_json   the same for model.json + weights.h5, loaded with quantized_model_from_json and
                load_weights.

The qkeras_* checks also run on trained_cnn, a model trained by qkeras4j. Outputs are compared by
the acceptance rule: equal bit for bit, except elements one step of the last quantizer apart
(rounding ties from float32 summation order; fewer than 0.5% of the outputs), float outputs with
no quantizer after them within 1e-5 relative. A row is PASS, FAIL, UNSUPPORTED (qkeras4j lacks a layer or quantizer), VERSION-DIFF
(qkeras4j follows later QKeras where 0.9.0 computes differently) or SKIP; unsupported and
version-difference rows count as skipped in the last line.

Adding a check means writing one function and listing it in CHECKS.

Usage: python check.py [--golden DIR] [--java-dir DIR] [--models-dir DIR] [--only CHECK] [MODEL ...]
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


class Unsupported(Skipped):
    pass


class VersionDifference(Skipped):
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


MODELS_DIR = None  # set from --models-dir
TRAINED = "trained_cnn"

# Layer classes whose QKeras 0.9.0 arithmetic differs from the later QKeras that qkeras4j follows.
VERSION_DIFFERENCES = {
    "QAveragePooling2D": "0.9.0 computes avg(x)*A*Q(1/A), later versions avg(x*A)*Q(1/A)",
    "QGlobalAveragePooling2D": "0.9.0 computes mean(x)*A*Q(1/A), later versions sum(x)*Q(1/A)",
}
GRID_PRESERVING = ("Flatten", "Reshape", "Dropout", "MaxPooling2D")


def last_quantizer(model):
    """The QKeras quantizer whose grid the first output lies on, or None for a float output."""
    layer = model.get_layer(model.output_names[0])
    while type(layer).__name__ in GRID_PRESERVING:
        inbound = layer.inbound_nodes[0].inbound_layers
        layer = inbound[0] if isinstance(inbound, list) else inbound
    q = getattr(layer, "quantizer", None) or getattr(layer, "activation", None)
    from qkeras import quantizers as qq
    return q if isinstance(q, qq.BaseQuantizer) else None


def compare_by_rule(model, actual, expected, what):
    """Raises CheckFailed unless actual matches expected by the acceptance rule."""
    if actual.shape != expected.shape:
        raise CheckFailed(f"{what}: shape {actual.shape}, expected {expected.shape}")
    q = last_quantizer(model)

    def quantize(values):
        import tensorflow as tf
        return np.asarray(q(tf.constant(np.asarray(values, dtype=np.float32)))).astype(np.float32)

    a, e = actual.ravel().astype(np.float32), expected.ravel().astype(np.float32)
    differ = np.flatnonzero(~((a == e) & (np.signbit(a) == np.signbit(e)) | ((a == 0) & (e == 0))))
    ties = close = 0
    bad = []
    for i in differ:
        x, y = a[i], e[i]
        if q is not None:
            mid = quantize([(x + y) / np.float32(2)])[0]
            fixed = quantize([x, y])
            if fixed[0] == x and fixed[1] == y and mid in (x, y):
                ties += 1
                continue
        elif abs(x - y) <= 1e-5 * max(abs(x), abs(y)):
            close += 1
            continue
        bad.append(i)
    summary = f"{a.size - differ.size}/{a.size} exact"
    summary += f", {ties} tie step(s)" if ties else ""
    summary += f", {close} within 1e-5 rel" if close else ""
    if bad or ties * 200 >= a.size:
        first = f" (first index {bad[0]}: {a[bad[0]]} vs {e[bad[0]]})" if bad else ""
        raise CheckFailed(f"{what}: {summary}, {len(bad)} differ{first}")
    return summary


def written_dir(model):
    if MODELS_DIR is None:
        raise Skipped("no --models-dir given")
    written = os.path.join(MODELS_DIR, model)
    if not os.path.isdir(written):
        raise Skipped(f"qkeras4j wrote nothing for {model}")
    for name, kind in (("unsupported.txt", Unsupported), ("write_error.txt", CheckFailed)):
        path = os.path.join(written, name)
        if os.path.exists(path):
            with open(path) as f:
                reason = f.read().strip()
            raise kind(reason if kind is Unsupported else f"qkeras4j could not write it: {reason}")
    return written


def load_written(written, full_model):
    objects = dict(make_golden.CUSTOM_OBJECTS)
    with contextlib.redirect_stdout(io.StringIO()):
        if full_model:
            return qutils.load_qmodel(os.path.join(written, "model.h5"), custom_objects=objects, compile=False)
        with open(os.path.join(written, "model.json")) as f:
            loaded = qutils.quantized_model_from_json(f.read(), custom_objects=objects)
        loaded.load_weights(os.path.join(written, "weights.h5"))
        return loaded


def check_qkeras_loads(model, committed, full_model):
    written = written_dir(model)
    try:
        loaded = load_written(written, full_model)
    except Exception as e:  # noqa: BLE001 - report QKeras's refusal as the row's reason
        raise CheckFailed(f"QKeras cannot load it: {type(e).__name__}: {str(e).splitlines()[0][:160]}")
    x = np.load(os.path.join(written, "inputs.npy"))
    y = loaded.predict(x, batch_size=make_golden.BATCH, verbose=0).astype(np.float32)
    details = []
    if model != TRAINED:
        details.append("vs QKeras: " + compare_by_rule(loaded, y, np.load(os.path.join(committed, "outputs.npy")),
                                                       "vs QKeras's outputs.npy"))
    ours = np.load(os.path.join(written, "qkeras4j_outputs.npy"))
    try:
        details.append("vs qkeras4j: " + compare_by_rule(loaded, y, ours, "vs qkeras4j's predictions"))
    except CheckFailed as e:
        classes = {type(layer).__name__ for layer in loaded.layers}
        differences = [f"{c}: {VERSION_DIFFERENCES[c]}" for c in sorted(classes) if c in VERSION_DIFFERENCES]
        if differences:
            raise VersionDifference(f"{'; '.join(differences)} ({e})")
        raise
    return "; ".join(details)


def check_qkeras_h5(model, committed, scratch):
    return check_qkeras_loads(model, committed, full_model=True)


def check_qkeras_json(model, committed, scratch):
    return check_qkeras_loads(model, committed, full_model=False)


CHECKS = {"reproducible": check_reproducible, "java_files": check_java_files,
          "qkeras_h5": check_qkeras_h5, "qkeras_json": check_qkeras_json}
# Checks that also run on the model trained by qkeras4j.
TRAINED_CHECKS = ("qkeras_h5", "qkeras_json")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--golden", default=DEFAULT_GOLDEN, help="committed golden files")
    parser.add_argument("--java-dir", help="files rewritten by qkeras4j (RewriteGoldenFiles)")
    parser.add_argument("--models-dir", help="models written by qkeras4j (WriteZooModels)")
    parser.add_argument("--only", choices=sorted(CHECKS), help="run one check only")
    parser.add_argument("models", nargs="*", help="zoo models (default: all)")
    args = parser.parse_args(argv[1:])
    global JAVA_DIR, MODELS_DIR
    JAVA_DIR = args.java_dir
    MODELS_DIR = args.models_dir

    known = [e["name"] for e in make_golden.ZOO]
    unknown = sorted(set(args.models) - set(known) - {TRAINED})
    if unknown:
        print(f"unknown model(s) {unknown}; known: {known}", file=sys.stderr)
        return 2
    models = args.models or known + [TRAINED]
    checks = {args.only: CHECKS[args.only]} if args.only else CHECKS

    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="qkeras4j-interop-") as scratch:
        for model in models:
            for check_name, check in checks.items():
                if model == TRAINED and check_name not in TRAINED_CHECKS:
                    continue
                try:
                    detail = check(model, os.path.join(args.golden, model), scratch) or ""
                    status = "PASS"
                    passed += 1
                except Unsupported as e:
                    status, detail = "UNSUPPORTED", str(e)
                    skipped += 1
                except VersionDifference as e:
                    status, detail = "VERSION-DIFF", str(e)
                    skipped += 1
                except Skipped as e:
                    status, detail = "SKIP", str(e)
                    skipped += 1
                except CheckFailed as e:
                    status, detail = "FAIL", str(e)
                    failed += 1
                except Exception as e:  # noqa: BLE001 - a crash in one row must not stop the rest
                    status, detail = "FAIL", f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
                    failed += 1
                print(f"{status:12s} {model:30s} {check_name:14s} {detail}", flush=True)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
