import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';

/** Lets pending promises, navigations and lazy imports finish, then renders. */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await TestBed.inject(ApplicationRef).whenStable();
}
