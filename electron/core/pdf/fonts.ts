/**
 * DejaVu Sans (regular and bold) from the `dejavu-fonts-ttf` package: the built-in PDF fonts
 * cannot print Cyrillic. fontCache.ts registers it in every document (parsed once per process);
 * bold is registered too: autotable draws headers in bold.
 */
export const PDF_FONT = 'DejaVuSans';
