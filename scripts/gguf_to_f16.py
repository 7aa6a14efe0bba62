"""Write an F16 copy of a GGUF model: every quantized tensor dequantized and stored as F16,
F32/F16 tensors copied as they are, all metadata copied (general.file_type set to MOSTLY_F16).

Usage: python gguf_to_f16.py IN.gguf OUT.gguf   (needs the PyPI package `gguf`)
"""
import sys

import numpy as np
from gguf import GGMLQuantizationType, GGUFReader, GGUFValueType, GGUFWriter, LlamaFileType
from gguf.quants import dequantize

KEEP = {GGMLQuantizationType.F32, GGMLQuantizationType.F16}


def main(src: str, dst: str) -> None:
    reader = GGUFReader(src)
    arch = reader.fields["general.architecture"].contents()
    writer = GGUFWriter(dst, arch=arch)
    for field in reader.fields.values():
        name = field.name
        if name.startswith("GGUF.") or name == "general.architecture":
            continue
        if name == "general.file_type":
            writer.add_file_type(LlamaFileType.MOSTLY_F16)
            continue
        vtype = field.types[0]
        sub = field.types[-1] if vtype == GGUFValueType.ARRAY else None
        writer.add_key_value(name, field.contents(), vtype, sub_type=sub)
    converted = 0
    for t in reader.tensors:
        if t.tensor_type in KEEP:
            data, dtype = np.array(t.data), t.tensor_type
        else:
            data = dequantize(t.data, t.tensor_type).astype(np.float16)
            dtype = GGMLQuantizationType.F16
            converted += 1
        # numpy shape is GGML's ne reversed (row-major)
        shape = tuple(int(x) for x in reversed(t.shape))
        writer.add_tensor(t.name, data.reshape(shape), raw_dtype=dtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    print(f"{src} -> {dst}: {len(reader.tensors)} tensors, {converted} dequantized to F16", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gguf_to_f16.py IN.gguf OUT.gguf")
    main(sys.argv[1], sys.argv[2])
