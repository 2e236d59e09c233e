// The Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 (scrape bodies).

export { parseGoFloat, parseGoInt64 } from './float.js';
export {
  formatOfContentType,
  parseExposition,
  PromTextParseError,
  PromTextParser,
  type Entry,
  type Exemplar,
  type ExpositionFormat,
  type MetricType,
  type PromLabelPair,
} from './parser.js';
