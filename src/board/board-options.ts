export const BOARD_OPTIONS = Symbol('BOARD_OPTIONS');

export interface BoardOptions {
  /** Path the service is mounted under: '' standalone, '/imr' when a host app mounts it at 'imr'. */
  base: string;
}
