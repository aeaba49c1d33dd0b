export interface Figure {
  name: string;
  value: number;
  goal?: string;
  ok?: boolean;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

export function printTable(section: string, figures: Figure[]): void {
  console.log(`\n## ${section}`);
  const width = Math.max(...figures.map((f) => f.name.length));
  for (const f of figures) {
    const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(f.value < 10 ? 3 : 1);
    const goal = f.goal ? `  goal ${f.goal} ${f.ok ? 'met' : 'MISSED'}` : '';
    console.log(`${f.name.padEnd(width)}  ${value.padStart(12)}${goal}`);
  }
}
