// The serial ports this machine offers, for a port picker. Listing can fail where the operator can still connect
// (serialport lists through udevadm on Linux, which containers and minimal systems lack): then the answer is an
// empty list with the problem said plainly, and the port's path can be typed as `serial:/dev/ttyUSB0:57600`.
import { SerialPort } from 'serialport';

export interface SerialPortInfo {
  /** e.g. /dev/ttyUSB0, COM3. */
  path: string;
  manufacturer: string | null;
  serial_number: string | null;
  vendor_id: string | null;
  product_id: string | null;
}

export interface SerialPortList {
  ports: SerialPortInfo[];
  /** Why listing failed, or null. */
  problem: string | null;
}

type Lister = () => Promise<Array<{ path: string; manufacturer?: string; serialNumber?: string; vendorId?: string; productId?: string }>>;

export async function listSerialPorts(list: Lister = () => SerialPort.list()): Promise<SerialPortList> {
  try {
    const found = await list();
    const ports = found
      .map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null, serial_number: p.serialNumber ?? null, vendor_id: p.vendorId ?? null, product_id: p.productId ?? null }))
      .sort((a, b) => a.path.localeCompare(b.path));
    return { ports, problem: null };
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    return { ports: [], problem: `listing serial ports failed (${why}): type the port's path instead, e.g. serial:/dev/ttyUSB0:57600` };
  }
}
