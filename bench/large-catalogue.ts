export async function runLargeCatalogue(_durationS: number) {
  return { products: 0, orders: 0, heapMb: 0, page: { p50: 0, p99: 0, rps: 0 } };
}
