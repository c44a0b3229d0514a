"""One settings object, read from the environment once and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_path
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "role-advisor"


def default_data_dir() -> Path:
    """Per user, not per folder: every command finds the same index whatever folder it is run from."""
    return user_data_path(APP_NAME, appauthor=False)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ADVISOR_", extra="ignore", frozen=True)

    knowledge_dir: Path = Field(Path("knowledge"), description="Folder of role documents `advisor ingest` reads when "
                                "given no paths and none are remembered from an earlier ingest.")
    data_dir: Path = Field(default_factory=default_data_dir, description="Where the index and any state live "
                           "(default: the per-user data folder, e.g. ~/.local/share/role-advisor).")
    chroma_url: str | None = Field(None, description="Chroma server URL (http://host:port); unset = on-disk store in data_dir.")
    collection_prefix: str = Field("roles", description="Prefix of the Chroma collections this project owns.")

    top_k: int = Field(6, ge=4, le=50, description="Evidence passages returned per question.")
    candidates: int = Field(30, ge=4, le=500, description="Passages each retriever proposes before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    min_similarity: float = Field(0.30, ge=0, le=1, description="Below this cosine similarity, evidence is not relevant enough to answer from.")
    chunk_chars: int = Field(700, ge=200, le=4000, description="Target size of a chunk, in characters.")

    max_question_chars: int = Field(2000, ge=50, description="Longer questions are refused with a clear message.")
    max_file_bytes: int = Field(5_000_000, ge=1000, description="Larger role documents are refused with a clear message.")
    max_file_seconds: float = Field(15.0, gt=0, le=3600, description="A role document taking longer to read is skipped with a clear message.")
    query_threads: int = Field(1, ge=1, le=64, description="Torch threads for answering (ingest uses all cores).")
    index_check_seconds: float = Field(2.0, ge=0, description="How often a running process checks for a re-ingest.")
    history_turns: int = Field(6, ge=0, le=50, description="Previous turns a follow-up may draw on.")

    llm: str | None = Field(None, description="Chat model as provider:model (e.g. openai:gpt-4o-mini); unset = extractive answers.")

    # -- slack settings (issue 4) --
    slack_people: str = Field("", description="Who 'Ask a person' tags: a user group id (S…) or a user id (U…).")
    slack_people_name: str = Field("the people team", description="How the bot names that person or group.")
    slack_handoff_channel: str = Field("", description="Channel id that hears hand-offs from private conversations.")
    slack_pay_private: bool = Field(True, description="Answers with pay figures are posted only privately (DM, pane, ephemeral).")
    slack_pay_channels: str = Field("", description="Comma-separated channel ids where pay answers may be posted publicly.")
    slack_history_messages: int = Field(30, ge=1, le=200, description="Thread messages read (one conversations.replies page).")
    slack_workers: int = Field(8, ge=1, le=64, description="Threads answering Slack requests at once in one process.")
    slack_command: str = Field("/role", description="The slash command; must match slack/manifest.yaml.")
    store_url: str | None = Field(None, description="SQLAlchemy URL of the feedback/gaps store; unset = SQLite in data_dir.")
    store_key: SecretStr | None = Field(None, description="Secret that keys the hashes of Slack ids (ADVISOR_STORE_KEY, 32+ characters, the same on every process); unset = a 0600 key file beside a SQLite store. Required for a shared database.")
    store_retention_days: int = Field(30, ge=1, le=3650, description="Days question and answer text is kept in the store; after that only counts and gaps remain.")
    slack_bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_api_url: str | None = Field(None, validation_alias=AliasChoices("SLACK_API_URL"))
    slack_draft_command: str = Field("/role-draft", description="The managers' draft/compare slash command; must match slack/manifest.yaml.")
    slack_pay_drafts: str = Field("", description="Who gets pay bands in /role-draft drafts and comparisons: comma-separated Slack user group ids (S…, e.g. managers, the people team) and user ids (U…/W…). Everyone else gets them without pay, with a note saying why.")

    # -- llm settings (issue 5) --
    llm_timeout: float = Field(30.0, gt=0, le=600, description="Seconds one chat-model request may take before the extractive answer is used.")
    llm_retries: int = Field(1, ge=0, le=10, description="Retries of a failed chat-model request (the provider client's own backoff).")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature; 0 keeps answers close to the evidence.")
    llm_max_tokens: int = Field(700, ge=50, le=8000, description="Most tokens a chat-model answer may use.")
    llm_max_evidence: int = Field(8, ge=1, le=30, description="Most evidence passages put in front of the chat model.")

    # -- eval settings (issue 6) --
    eval_dir: Path = Field(Path("evals"), description="Golden set (golden/), judge_labels.yaml and thresholds.yaml.")
    eval_reports_dir: Path = Field(Path("eval-reports"), description="Where `advisor eval` writes a dated report folder by default.")

    # -- embedding settings (issue 16) --
    embedding_backend: Literal["auto", "onnx", "torch"] = Field(
        "auto", description="How sentences are embedded: onnx (onnxruntime, no torch at question time; exported once "
                            "from the packaged model into data_dir/models), torch (sentence-transformers), or auto "
                            "(onnx, falling back to torch with a one-line notice).")

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def models_path(self) -> Path:
        """The ONNX export of the embedding model, made on first use."""
        return self.data_dir / "models"


def load_settings(**overrides: object) -> Settings:
    """Read the environment; explicit overrides win (tests and the CLI use them)."""
    return Settings(**overrides)  # type: ignore[arg-type]
