"""Named errors and the exit codes the CLI maps them to."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Process exit codes of the `translator` command."""

    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3
    INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class TranslatorError(Exception):
    """Base of every error the library raises on purpose."""

    exit_status = ExitStatus.ERROR


class UsageError(TranslatorError):
    """A command was called with options that cannot work together."""

    exit_status = ExitStatus.USAGE


class ReaderError(TranslatorError):
    """An input article cannot be read."""


class InputNotFound(ReaderError):
    """An input file does not exist."""


class EmptyInput(ReaderError):
    """An input file holds no text."""


class BinaryInput(ReaderError):
    """An input file is binary, not text."""


class EncodingError(ReaderError):
    """An input file is in no encoding we can read."""


class InputTooLarge(ReaderError):
    """An input article is longer than one article can be."""


class LanguageDetectionError(TranslatorError):
    """The source language of an article cannot be told with confidence."""


class UnknownLanguage(TranslatorError):
    """A language code is not an ISO 639 code we know."""


class JobError(TranslatorError):
    """A job file is malformed or names something that does not exist."""


class NoInputs(JobError):
    """A job's input globs match no file."""


class PartiallyPublished(TranslatorError):
    """A run failed after some of its files were already published."""

    exit_status = ExitStatus.PARTIAL


class OutputError(TranslatorError):
    """An output or catalog folder cannot be written."""


class EngineError(TranslatorError):
    """An engine failed, or gave output that cannot be used."""


class UnknownEngine(EngineError):
    """A job or option names an engine that does not exist."""


class UnsupportedPair(EngineError):
    """An engine cannot translate the language pair asked of it."""


class EngineUnavailable(EngineError):
    """An engine is missing what it needs to run (package, system pair, model)."""


class ModelError(TranslatorError):
    """A model package is invalid, unsafe, or cannot be installed."""


class ModelNotInstalled(ModelError):
    """No installed model package serves the language pair asked for."""


class IndexUnreachable(ModelError):
    """The model package index cannot be reached."""


class GlossaryError(TranslatorError):
    """A glossary file is malformed."""


class CatalogError(TranslatorError):
    """A PO catalog is malformed or cannot be written."""


class UnsafePackage(ModelError):
    """A model package would write outside its folder, holds links or special files, or unpacks too large."""


class CorruptPackage(ModelError):
    """A model package file is damaged: not a zip, truncated, a bad checksum, encrypted or unsupported."""


class PackageMetadataError(ModelError):
    """A package's metadata.json is not an object with the fields, types and language codes required."""


class DownloadError(ModelError):
    """A package download failed, came back incomplete or too large, or cannot be resumed safely."""


class BadPackageURL(ModelError):
    """A package URL is not an http(s) URL that names a file."""


class ReaderRulesError(TranslatorError):
    """A reader rules table (chrome, dateline, credit, footer patterns of a language) is malformed."""


class BadSlug(ReaderError):
    """An article's slug (from its file name or its export) cannot name its editions and catalogs."""


class AdvisoryError(TranslatorError):
    """An advisory cannot be recorded or applied (unknown article, broken log, missing note)."""


class AdvisoryLogError(AdvisoryError):
    """The advisory log under output/ is malformed."""


class UnknownArticle(AdvisoryError):
    """An advisory names an article slug that no input of the job has."""
class ClusterError(TranslatorError):
    """A Dask cluster cannot be started or reached, or has no workers."""


class ClusterUnavailable(ClusterError):
    """A cluster was asked for but Dask is not installed (pip install 'translator[dask]')."""


class NestingTooDeep(ReaderError):
    """An input article nests its elements or arrays deeper than any real article (a crafted or broken file)."""


class MemoryFileError(TranslatorError):
    """A translation-memory file (TMX, XLIFF) to import is broken, hostile, too large or holds no unit of the
    language asked for."""
