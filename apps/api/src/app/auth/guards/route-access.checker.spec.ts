import { Controller, Get } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Roles, SignedIn } from '../../../common/decorators/access.decorator';
import { RouteAccessChecker } from './route-access.checker';

@Controller('machines')
class MachineRoutes {
  @Get('facts')
  @Roles('READER')
  public facts(): string {
    return 'facts';
  }

  @Get('lists')
  @SignedIn('DIALER', 'READER')
  public lists(): string {
    return 'lists';
  }
}

@Controller('forgotten')
class ForgottenRoutes {
  @Get()
  public open(): string {
    return 'open';
  }
}

async function boot(controller: new () => object): Promise<RouteAccessChecker> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers: [controller],
    providers: [RouteAccessChecker],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  const checker = app.get(RouteAccessChecker);
  await app.close();
  return checker;
}

describe('RouteAccessChecker', () => {
  it('refuses to boot with a route that says nothing about who may call it', async () => {
    await expect(boot(ForgottenRoutes)).rejects.toThrow('Routes without an access rule: ForgottenRoutes.open.');
  });

  it('boots with routes open to API key roles, ADMIN always among them', async () => {
    const checker = await boot(MachineRoutes);
    expect(checker.routes().map(({ method, path, access }) => ({ method, path, access }))).toEqual([
      { method: 'GET', path: '/machines/facts', access: { kind: 'roles', roles: ['ADMIN', 'READER'] } },
      {
        method: 'GET',
        path: '/machines/lists',
        access: { kind: 'roles', roles: ['ADMIN', 'COMPLIANCE', 'SUPERVISOR', 'AGENT', 'DIALER', 'READER'] },
      },
    ]);
  });
});
