/** russian-nouns-js ships no types; names.ts describes the part it uses. */
declare module 'russian-nouns-js' {
  const RussianNouns: unknown;
  export default RussianNouns;
}
