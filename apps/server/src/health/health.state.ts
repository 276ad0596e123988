import { Injectable } from '@nestjs/common';

/**
 * Whether this instance should get new traffic. main.ts marks it draining on SIGTERM, so the load
 * balancer's readiness probe fails while in-flight requests finish; liveness stays green.
 */
@Injectable()
export class HealthState {
  private draining = false;

  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
