// Where the window opens: the size and place it had when closed, unless that place is no longer
// on any screen (a monitor unplugged), in which case it opens centred on the primary screen.
// Pure: main.ts gives it the saved value (unknown, from disk) and the current displays.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  maximized: boolean;
}

const MIN_WIDTH = 1024;
const MIN_HEIGHT = 640;

export function restoreWindowState(saved: unknown, displays: Rect[]): WindowState {
  const primary = displays[0] ?? { x: 0, y: 0, width: 1366, height: 768 };
  const fallback = centred(primary);
  if (!isWindowState(saved)) return fallback;
  const width = Math.max(MIN_WIDTH, Math.min(saved.width, primary.width));
  const height = Math.max(MIN_HEIGHT, Math.min(saved.height, primary.height));
  const candidate = { x: saved.x, y: saved.y, width, height, maximized: saved.maximized };
  // Keep the saved place only if its title bar area is visible on some display.
  const visible = displays.some(
    (d) =>
      candidate.x + 100 > d.x &&
      candidate.x < d.x + d.width - 100 &&
      candidate.y >= d.y &&
      candidate.y < d.y + d.height - 50,
  );
  return visible ? candidate : { ...centred(primary, width, height), maximized: saved.maximized };
}

function centred(display: Rect, width = 1366, height = 768): WindowState {
  const w = Math.min(width, display.width);
  const h = Math.min(height, display.height);
  return {
    x: display.x + Math.round((display.width - w) / 2),
    y: display.y + Math.round((display.height - h) / 2),
    width: w,
    height: h,
    maximized: false,
  };
}

function isWindowState(value: unknown): value is WindowState {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(v[k])) &&
    typeof v['maximized'] === 'boolean'
  );
}
