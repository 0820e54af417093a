/** The one error shape every API failure uses (design section 5). */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 25;

/** E.164: a plus sign and 8 to 15 digits, the first not zero. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

export interface IdName {
  id: string;
  name: string;
}
