export interface CartLine {
  productId: string;
  quantity: number;
}
