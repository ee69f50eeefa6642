/** One stacked series of a chart: a name, its colour, and 1e-8 USD units per x bucket. */
export interface Series {
  name: string;
  color: string;
  values: bigint[];
}
