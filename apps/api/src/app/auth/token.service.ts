import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Role } from '@callrec/contracts';
import { AppConfig } from '../../services/config/app-config';

interface AccessClaims {
  sub: string;
  role: Role;
  typ: 'access';
}

interface MediaClaims {
  sub: string;
  rid: string;
  typ: 'media';
}

/** Signs and checks the two token kinds: bearer access tokens and per-recording media tokens. */
@Injectable()
export class TokenService {
  public constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
  ) {}

  public signAccess(userId: string, role: Role): string {
    return this.jwt.sign({ sub: userId, role, typ: 'access' } satisfies AccessClaims, {
      expiresIn: this.config.jwtTtlSeconds,
    });
  }

  public signMedia(userId: string, recordingId: string): { token: string; expiresAt: Date } {
    const ttl = this.config.mediaTokenTtlSeconds;
    const token = this.jwt.sign({ sub: userId, rid: recordingId, typ: 'media' } satisfies MediaClaims, { expiresIn: ttl });
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  public verifyAccess(token: string): AccessClaims {
    const claims = this.verify(token);
    if (claims['typ'] !== 'access' || typeof claims['sub'] !== 'string') {
      throw new UnauthorizedException('Invalid access token');
    }
    return claims as unknown as AccessClaims;
  }

  public verifyMedia(token: string, recordingId: string): MediaClaims {
    const claims = this.verify(token);
    if (claims['typ'] !== 'media' || typeof claims['sub'] !== 'string') {
      throw new UnauthorizedException('Invalid media token');
    }
    if (claims['rid'] !== recordingId) {
      throw new UnauthorizedException('Media token is for another recording');
    }
    return claims as unknown as MediaClaims;
  }

  private verify(token: string): Record<string, unknown> {
    try {
      return this.jwt.verify<Record<string, unknown>>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw new UnauthorizedException(expired ? 'Token has expired; sign in again' : 'Invalid token');
    }
  }
}
