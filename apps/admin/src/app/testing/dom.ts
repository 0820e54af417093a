/** The element matching `selector`, or a failure that names the selector. */
export function find<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) {
    throw new Error(`Nothing matches ${selector}`);
  }
  return element;
}

/** The first element matching `selector` that reads `text`, ignoring icon ligatures. */
export function findByText<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string, text: string): T {
  const element = Array.from(root.querySelectorAll<T>(selector)).find((candidate) => visibleText(candidate) === text);
  if (!element) {
    throw new Error(`No ${selector} reads "${text}"`);
  }
  return element;
}

export function findButton(root: ParentNode, text: string): HTMLButtonElement {
  return findByText<HTMLButtonElement>(root, 'button', text);
}

/** Text as a sighted user reads it: Material icons are ligature names in the DOM. */
export function visibleText(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  copy.querySelectorAll('mat-icon').forEach((icon) => icon.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}
