import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Role } from '@callrec/contracts';
import { AppConfig } from '../../services/config/app-config';
import { asError } from '../../common/errors/error-message';

/** Every token names the session it belongs to (`sid`), and dies with it. */
export interface SessionClaims {
  sub: string;
  sid: string;
  /** Expiry, epoch seconds (set by jsonwebtoken). */
  exp?: number;
}

interface AccessClaims extends SessionClaims {
  role: Role;
  typ: 'access';
}

interface MediaClaims extends SessionClaims {
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

  /** An access token that lives exactly as long as its session. */
  public signAccess(userId: string, role: Role, session: { id: string; expiresAt: Date }): string {
    return this.jwt.sign({ sub: userId, role, sid: session.id, typ: 'access' } satisfies AccessClaims, {
      expiresIn: Math.max(1, Math.round((session.expiresAt.getTime() - Date.now()) / 1000)),
    });
  }

  public signMedia(userId: string, sessionId: string, recordingId: string): { token: string; expiresAt: Date } {
    const ttl = this.config.mediaTokenTtlSeconds;
    const claims = { sub: userId, sid: sessionId, rid: recordingId, typ: 'media' } satisfies MediaClaims;
    const token = this.jwt.sign(claims, { expiresIn: ttl });
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  public verifyAccess(token: string): AccessClaims {
    const claims = this.verify(token);
    // A token from before sessions existed names none: it cannot be ended, so it is refused.
    if (claims['typ'] !== 'access' || typeof claims['sub'] !== 'string' || typeof claims['sid'] !== 'string') {
      throw new UnauthorizedException('Invalid access token');
    }
    return claims as unknown as AccessClaims;
  }

  public verifyMedia(token: string, recordingId: string): MediaClaims {
    const claims = this.verify(token);
    if (claims['typ'] !== 'media' || typeof claims['sub'] !== 'string' || typeof claims['sid'] !== 'string') {
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
      const expired = asError(error).name === 'TokenExpiredError';
      throw new UnauthorizedException(expired ? 'Token has expired; sign in again' : 'Invalid token');
    }
  }
}
