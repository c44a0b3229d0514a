"""The optional chat model: the only module that knows providers.

`ADVISOR_LLM=provider:model` picks one through LangChain's `init_chat_model`; unset means no model and the
extractive answers stay exactly as they are. Provider packages are optional extras, so a missing package or
key is reported as one line naming what to install or set, never as an import traceback. OpenAI-compatible
servers (vLLM, llama.cpp, LM Studio, a gateway) are `openai:MODEL` plus the standard `OPENAI_BASE_URL` and
`OPENAI_API_KEY`, which the OpenAI client reads itself.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError
from advisor.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


class ModelError(AdvisorError):
    """The configured chat model cannot be set up (setting, package or key)."""


@dataclass(frozen=True)
class Provider:
    module: str  # the integration package's import name
    package: str  # what pip installs (the same as the project's extra of that name)
    extra: str  # in a checkout: pip install -e '.[EXTRA]'
    key_env: str | None  # the variable that must hold an API key, if the provider needs one


PROVIDERS: dict[str, Provider] = {
    "openai": Provider("langchain_openai", "langchain-openai", "openai", "OPENAI_API_KEY"),
    "anthropic": Provider("langchain_anthropic", "langchain-anthropic", "anthropic", "ANTHROPIC_API_KEY"),
    "ollama": Provider("langchain_ollama", "langchain-ollama", "ollama", None),
}


def parse_model(spec: str) -> tuple[str, str]:
    """'provider:model' → (provider, model); the model part may itself hold colons (ollama tags)."""
    provider, sep, model = spec.strip().partition(":")
    if not sep or not provider.strip() or not model.strip():
        raise ModelError(f"ADVISOR_LLM must look like provider:model (e.g. openai:gpt-4o-mini, ollama:llama3.1), "
                         f"not '{spec.strip()}'.")
    return provider.strip().lower(), model.strip()


def chat_model_from_settings(settings: Settings) -> BaseChatModel | None:
    """The chat model `settings.llm` names, with timeout, retries and temperature applied; None when unset.

    Checks the package and the key first so a user reads which extra to install or which variable to set,
    instead of the provider's own exception.
    """
    if not settings.llm or not settings.llm.strip():
        return None
    provider, model = parse_model(settings.llm)
    known = PROVIDERS.get(provider)
    if known is not None:
        if importlib.util.find_spec(known.module) is None:
            # no square brackets: surfaces render messages as markup, where "[openai]" would vanish
            raise ModelError(f"ADVISOR_LLM={settings.llm} needs the {known.package} package (the project's "
                             f"'{known.extra}' extra): pip install {known.package}")
        if known.key_env and not os.environ.get(known.key_env, "").strip():
            hint = " (for an OpenAI-compatible server that needs no key, set any value)" if provider == "openai" else ""
            raise ModelError(f"ADVISOR_LLM={settings.llm} needs {known.key_env} to be set{hint}.")

    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(model, model_provider=provider, **_options(provider, settings))
    except ImportError as exc:
        raise ModelError(f"ADVISOR_LLM={settings.llm}: the provider's package is not installed "
                         f"({_first_line(exc)}).") from None
    except ValueError as exc:
        raise ModelError(f"ADVISOR_LLM={settings.llm}: {_first_line(exc)}") from None
    except Exception as exc:  # provider validation errors; their text can echo settings, so name only the type
        raise ModelError(f"ADVISOR_LLM={settings.llm} could not be set up ({type(exc).__name__}); "
                         "check the model name and the provider's variables.") from None


def model_name(model: object, settings: Settings | None = None) -> str:
    """A readable name for the model that answered, for Answer.verifier and logs (never a key or URL)."""
    if settings is not None and settings.llm:
        return settings.llm.strip()
    for attr in ("model_name", "model"):
        value = getattr(model, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def _options(provider: str, settings: Settings) -> dict[str, Any]:
    """Timeout, retries and sampling in each provider's own parameter names."""
    common: dict[str, Any] = {"temperature": settings.llm_temperature}
    if provider == "openai":
        return common | {"timeout": settings.llm_timeout, "max_retries": settings.llm_retries,
                         "max_tokens": settings.llm_max_tokens}
    if provider == "anthropic":
        return common | {"default_request_timeout": settings.llm_timeout, "max_retries": settings.llm_retries,
                         "max_tokens": settings.llm_max_tokens}
    if provider == "ollama":
        return common | {"client_kwargs": {"timeout": settings.llm_timeout}, "num_predict": settings.llm_max_tokens}
    return common | {"timeout": settings.llm_timeout, "max_retries": settings.llm_retries}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
