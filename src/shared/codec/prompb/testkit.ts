// Sample remote-write requests for the codec, receiver and exporter tests (not shipped code).

import type { PromHistogram, RequestV2, WriteRequestV1 } from './model.js';
import { SymbolTable } from './v2.js';

export function nativeHistogram(overrides: Partial<PromHistogram> = {}): PromHistogram {
  return {
    countInt: 12,
    sum: 18.4,
    schema: 1,
    zeroThreshold: 0.001,
    zeroCountInt: 2,
    negativeSpans: [{ offset: 0, length: 2 }],
    negativeDeltas: [1, 1],
    negativeCounts: [],
    positiveSpans: [
      { offset: -2, length: 2 },
      { offset: 1, length: 2 },
    ],
    positiveDeltas: [2, -1, 2, -3],
    positiveCounts: [],
    resetHint: 0,
    timestamp: 1_733_140_800_123,
    customValues: [],
    ...overrides,
  };
}

export function sampleV1(): WriteRequestV1 {
  return {
    timeseries: [
      {
        labels: [
          { name: '__name__', value: 'http_requests_total' },
          { name: 'code', value: '200' },
          { name: 'instance', value: 'localhost:9090' },
          { name: 'job', value: 'prometheus' },
        ],
        samples: [
          { value: 1027, timestamp: 1_733_140_800_000 },
          { value: 1030.5, timestamp: 1_733_140_815_000 },
        ],
        exemplars: [{ labels: [{ name: 'trace_id', value: '0af7651916cd43dd8448eb211c80319c' }], value: 1, timestamp: 1_733_140_800_001 }],
        histograms: [],
      },
      {
        labels: [
          { name: '__name__', value: 'rpc_latency_seconds' },
          { name: 'job', value: 'ünïcödé/svc' },
        ],
        samples: [],
        exemplars: [],
        histograms: [
          nativeHistogram(),
          nativeHistogram({
            countInt: undefined,
            countFloat: 3.5,
            zeroCountInt: undefined,
            zeroCountFloat: 0.5,
            negativeDeltas: [],
            negativeCounts: [1.25, 0.25],
            positiveDeltas: [],
            positiveCounts: [0.5, 0.5, 0.25, 0.25],
            resetHint: 3,
            sum: -2,
          }),
          nativeHistogram({
            schema: -53,
            zeroThreshold: 0,
            zeroCountInt: undefined,
            negativeSpans: [],
            negativeDeltas: [],
            positiveSpans: [{ offset: 0, length: 3 }],
            positiveDeltas: [4, 0, -4],
            customValues: [0.1, 0.5, 1],
          }),
        ],
      },
      { labels: [{ name: '__name__', value: 'neg' }], samples: [{ value: NaN, timestamp: -5 }], exemplars: [], histograms: [] },
    ],
    metadata: [
      { type: 1, metricFamilyName: 'http_requests_total', help: 'Requests served.', unit: '' },
      { type: 3, metricFamilyName: 'rpc_latency_seconds', help: '', unit: 'seconds' },
    ],
  };
}

export function sampleV2(): RequestV2 {
  const st = new SymbolTable();
  const counterLabels = st.refs([
    { name: '__name__', value: 'http_requests_total' },
    { name: 'instance', value: 'localhost:9090' },
    { name: 'job', value: 'prometheus' },
  ]);
  const help = st.ref('Requests served.');
  const unit = st.ref('requests');
  const histLabels = st.refs([
    { name: '__name__', value: 'rpc_latency_seconds' },
    { name: 'job', value: 'api' },
  ]);
  const exLabels = st.refs([{ name: 'trace_id', value: '0af7651916cd43dd8448eb211c80319c' }]);
  return {
    symbols: st.symbols,
    timeseries: [
      {
        labelsRefs: counterLabels,
        samples: [
          { value: 10, timestamp: 1_733_140_800_000, startTimestamp: 1_733_140_000_000 },
          { value: 12, timestamp: 1_733_140_815_000 },
        ],
        histograms: [],
        exemplars: [{ labelsRefs: exLabels, value: 0.25, timestamp: 1_733_140_800_000 }],
        metadata: { type: 1, helpRef: help, unitRef: unit },
        createdTimestamp: 1_733_139_000_000,
      },
      {
        labelsRefs: histLabels,
        samples: [],
        histograms: [nativeHistogram({ startTimestamp: 1_733_140_000_000 })],
        exemplars: [],
        metadata: { type: 3, helpRef: 0, unitRef: 0 },
        createdTimestamp: 0,
      },
    ],
  };
}
