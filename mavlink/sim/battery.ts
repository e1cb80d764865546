// LiPo pack model: current from what the copter is doing, charge used, voltage with load sag.
import type { VehicleConfig } from './config';

const CELL_FULL_V = 4.2;
const CELL_EMPTY_V = 3.5;
const PACK_RESISTANCE_OHM = 0.02;

export type PowerLoad =
  | { kind: 'disarmed' }
  | { kind: 'ground-idle' }
  | { kind: 'flying'; groundSpeed_mps: number; climb_mps: number };

export class Battery {
  consumed_mah: number;
  current_a: number;
  voltage_v: number;
  /** Energy used, hectojoules (BATTERY_STATUS.energy_consumed). */
  energy_hj = 0;

  constructor(private readonly cfg: VehicleConfig) {
    this.consumed_mah = cfg.battery_capacity_mah * (1 - cfg.battery_start_pct / 100);
    this.current_a = cfg.idle_current_a;
    this.voltage_v = this.restingVoltage();
  }

  get remaining_pct(): number {
    return Math.max(0, 100 * (1 - this.consumed_mah / this.cfg.battery_capacity_mah));
  }

  /** Seconds left at the present current. */
  get timeRemaining_s(): number {
    const left_mah = this.cfg.battery_capacity_mah - this.consumed_mah;
    return this.current_a > 0 ? Math.max(0, (left_mah / 1000 / this.current_a) * 3600) : 0;
  }

  step(dt_s: number, load: PowerLoad): void {
    const hover = this.cfg.hover_current_a;
    if (load.kind === 'disarmed') this.current_a = this.cfg.idle_current_a;
    else if (load.kind === 'ground-idle') this.current_a = Math.max(this.cfg.idle_current_a, 0.15 * hover);
    else {
      const speedFactor = 0.15 * (load.groundSpeed_mps / 5) ** 2;
      const climbFactor = 0.3 * Math.max(0, load.climb_mps) / Math.max(this.cfg.climb_mps, 0.1);
      this.current_a = hover * (1 + speedFactor + climbFactor);
    }
    this.consumed_mah += (this.current_a * 1000 * dt_s) / 3600;
    this.voltage_v = Math.max(0, this.restingVoltage() - this.current_a * PACK_RESISTANCE_OHM);
    this.energy_hj += (this.voltage_v * this.current_a * dt_s) / 100;
  }

  private restingVoltage(): number {
    const soc = this.remaining_pct / 100;
    return this.cfg.battery_cells * (CELL_EMPTY_V + (CELL_FULL_V - CELL_EMPTY_V) * soc);
  }
}
