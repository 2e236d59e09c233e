// Prometheus samples → OTLP metrics, shared by the prometheusremotewrite receiver (and later a
// scrape receiver). Pure: no I/O; the caller keeps the caches (ResourceCache, MetadataStore) that
// live across requests.

export { ResourceCache, type TranslateOptions, type TranslationStats } from './builder.js';
export { MetadataStore, translateV1, translateV2, type Translation } from './translate.js';
