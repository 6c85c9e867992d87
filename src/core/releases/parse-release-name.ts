import { readCollection, readPart } from './collection-markers.js';
import { readEdition } from './edition-markers.js';
import { readFormats } from './format-markers.js';
import { readLanguage } from './language-markers.js';
import { readStructure } from './name-structure.js';
import { splitReleaseText } from './release-text.js';
import type { ParsedReleaseName } from './types.js';

/**
 * Reads everything a release name says about itself: who and what (author, title, series and position),
 * the file format and bitrate, language, edition (abridged, dramatised, sample, summary, graphic novel,
 * young-readers adaptation), multi-book and split products. Tolerant of scene dots, underscores, brackets,
 * braces and ASIN tags. Pure and cheap: no allocation beyond a few small arrays.
 */
export function parseReleaseName(name: string): ParsedReleaseName {
  const text = splitReleaseText(name);
  const formats = readFormats(text.spaced, text.extension);
  const language = readLanguage(text.groups, text.spaced);
  const edition = readEdition(text.spaced);
  const structure = readStructure(text.segments, text.groups, text.braces);
  return {
    raw: name,
    segments: structure.segments,
    authors: structure.authors,
    title: structure.title,
    series: structure.series,
    seriesSegment: structure.seriesSegment,
    narrators: structure.narrators,
    format: formats.format,
    formatLabel: formats.formatLabel,
    ebookFormats: formats.ebookFormats,
    bitrateKbps: formats.bitrateKbps,
    year: structure.year,
    asin: structure.asin,
    language: language?.code ?? null,
    languageMarker: language?.marker ?? null,
    unabridged: edition.unabridged,
    abridged: edition.abridged,
    dramatized: edition.dramatized,
    sample: edition.sample,
    collection: readCollection(text.spaced),
    part: readPart(text.spaced, text.groups),
    summary: edition.summary,
    graphicNovel: edition.graphicNovel,
    adaptation: edition.adaptation,
  };
}
