import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

@Injectable()
export class PasswordService {
  // Verifying against a real hash when the account does not exist keeps the answer time
  // the same, so response timing does not reveal which emails have accounts.
  private readonly dummyHash = argon2.hash('callrec-timing-equaliser', { type: argon2.argon2id });

  public hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  public async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.dummyHash), password);
    } catch {
      return false;
    }
  }
}
