import type { Command } from "commander"; import type { CommandResult } from "../main"; export function registerSim(_p: Command, _r: CommandResult): void {}
