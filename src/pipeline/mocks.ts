/** How `junction mock` starts Prism for one API version. */
export interface MockSettings {
  api: string;
  title: string;
  document: string;
  host: string;
  port: number;
  dynamic: boolean;
}

const FIRST_PORT = 4010;

/**
 * Mock settings for one API version. Ports are assigned in the order APIs are listed, from 4010,
 * so each API has a stable port and several mocks can run side by side.
 */
export function generateMockSettings(api: string, title: string, index: number): string {
  const settings: MockSettings = {
    api,
    title,
    document: 'openapi.json',
    host: '127.0.0.1',
    port: FIRST_PORT + index,
    dynamic: false,
  };
  return JSON.stringify(settings, null, 2) + '\n';
}
