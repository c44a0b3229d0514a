"""One settings object, read from the environment once and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ADVISOR_", extra="ignore", frozen=True)

    knowledge_dir: Path = Field(Path("knowledge"), description="Folder of role documents to ingest by default.")
    data_dir: Path = Field(Path(".data"), description="Where the index and any state live.")
    chroma_url: str | None = Field(None, description="Chroma server URL (http://host:port); unset = on-disk store in data_dir.")
    collection_prefix: str = Field("roles", description="Prefix of the Chroma collections this project owns.")

    top_k: int = Field(6, ge=4, le=50, description="Evidence passages returned per question.")
    candidates: int = Field(30, ge=4, le=500, description="Passages each retriever proposes before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    min_similarity: float = Field(0.30, ge=0, le=1, description="Below this cosine similarity, evidence is not relevant enough to answer from.")
    chunk_chars: int = Field(700, ge=200, le=4000, description="Target size of a chunk, in characters.")

    max_question_chars: int = Field(2000, ge=50, description="Longer questions are refused with a clear message.")
    max_file_bytes: int = Field(5_000_000, ge=1000, description="Larger role documents are refused with a clear message.")
    index_check_seconds: float = Field(2.0, ge=0, description="How often a running process checks for a re-ingest.")
    history_turns: int = Field(6, ge=0, le=50, description="Previous turns a follow-up may draw on.")

    llm: str | None = Field(None, description="Chat model as provider:model (e.g. openai:gpt-4o-mini); unset = extractive answers.")

    # -- slack settings (issue 4) --
    slack_bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET"))
    slack_api_url: str | None = Field(None, validation_alias=AliasChoices("SLACK_API_URL"))

    # -- llm settings (issue 5) --

    # -- eval settings (issue 6) --

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


def load_settings(**overrides: object) -> Settings:
    """Read the environment; explicit overrides win (tests and the CLI use them)."""
    return Settings(**overrides)  # type: ignore[arg-type]
