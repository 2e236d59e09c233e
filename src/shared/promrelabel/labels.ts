// A label set under relabeling, with the visiting order of Prometheus's labels.Builder
// (model/labels/labels_common.go `Builder.Range`): the untouched base labels in name order, then
// the labels set during this run in the order they were set. The order is observable: when two
// labels map to the same name in a `labelmap`, the one visited last wins.

export interface Label {
  readonly name: string;
  readonly value: string;
}

/** Go compares label names as bytes; for the ASCII names Prometheus allows that is code-unit order. */
export function compareLabelNames(a: Label, b: Label): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Sorted copy, the last value of a repeated name kept. */
export function sortedLabels(labels: readonly Label[]): Label[] {
  const map = new Map<string, string>();
  for (const l of labels) map.set(l.name, l.value);
  const out: Label[] = [];
  for (const [name, value] of map) out.push({ name, value });
  return out.sort(compareLabelNames);
}

export class LabelBuilder {
  private base: readonly Label[];
  private add: Label[] = [];
  private del: string[] = [];

  /** `base` must be sorted by name without repeats (see sortedLabels). */
  constructor(base: readonly Label[]) {
    this.base = base;
  }

  reset(base: readonly Label[]): void {
    this.base = base;
    this.add.length = 0;
    this.del.length = 0;
  }

  get(name: string): string {
    for (const a of this.add) if (a.name === name) return a.value;
    if (this.del.includes(name)) return '';
    for (const b of this.base) if (b.name === name) return b.value;
    return '';
  }

  /** Prometheus: setting '' deletes the label. */
  set(name: string, value: string): void {
    if (value === '') {
      this.delete(name);
      return;
    }
    for (let i = 0; i < this.add.length; i++) {
      if (this.add[i]!.name === name) {
        this.add[i] = { name, value };
        return;
      }
    }
    this.add.push({ name, value });
  }

  delete(name: string): void {
    if (!this.del.includes(name)) this.del.push(name);
    for (let i = 0; i < this.add.length; i++) {
      if (this.add[i]!.name === name) {
        this.add.splice(i, 1);
        return;
      }
    }
  }

  /** Visits a snapshot: changes made by `f` do not change what is visited. */
  range(f: (l: Label) => void): void {
    const add = this.add.slice();
    const del = this.del.slice();
    for (const b of this.base) {
      if (del.includes(b.name) || add.some((a) => a.name === b.name)) continue;
      f(b);
    }
    for (const a of add) f(a);
  }

  /** The resulting set, sorted by name. */
  labels(): Label[] {
    if (this.add.length === 0 && this.del.length === 0) return this.base.slice();
    const out: Label[] = [];
    for (const b of this.base) {
      if (this.del.includes(b.name) || this.add.some((a) => a.name === b.name)) continue;
      out.push(b);
    }
    for (const a of this.add) out.push(a);
    return out.sort(compareLabelNames);
  }
}
