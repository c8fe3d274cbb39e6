import { MockPaymentGateway } from '../../src/orders/payment-gateway.js';

/**
 * A gateway whose first charge does not answer until the test calls `release()`: the
 * request that made it stands for an instance that died, or a gateway that was slow,
 * mid-payment.
 */
export class StuckOnceGateway extends MockPaymentGateway {
  private stuck = true;
  release: () => void = () => {};

  override async charge(request: Parameters<MockPaymentGateway['charge']>[0]) {
    if (this.stuck) {
      this.stuck = false;
      await new Promise<void>((resolve) => {
        this.release = resolve;
      });
    }
    return super.charge(request);
  }
}
