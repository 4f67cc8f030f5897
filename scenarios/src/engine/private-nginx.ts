// A run's private nginx, as its scenario sees it (`ctx.privateNginx(settings)`): the launcher's
// NginxProcess behind the SDK's PrivateNginx, with reload taking a partial change.
import type { NginxProcess } from '../../../infrastructure/launcher/private/index.ts';
import type { NginxLogLine, PrivateNginx, PrivateNginxSettings } from '../sdk/index.ts';

export class RunPrivateNginx implements PrivateNginx {
  constructor(
    readonly name: string,
    private readonly nginx: NginxProcess,
  ) {}

  get address(): string {
    return this.nginx.address;
  }

  get url(): string {
    return this.nginx.url;
  }

  get pid(): number {
    return this.nginx.pid;
  }

  get settings(): Readonly<PrivateNginxSettings> {
    return this.nginx.settings;
  }

  workerPids(): number[] {
    return this.nginx.workerPids();
  }

  accessLog(): NginxLogLine[] {
    return this.nginx.accessLog();
  }

  reload(changes: Partial<PrivateNginxSettings>): Promise<void> {
    return this.nginx.reload({ ...this.nginx.settings, ...changes });
  }

  kill(): Promise<void> {
    return this.nginx.kill();
  }

  stop(): Promise<void> {
    return this.nginx.stop();
  }

  restart(): Promise<void> {
    return this.nginx.restart();
  }
}
