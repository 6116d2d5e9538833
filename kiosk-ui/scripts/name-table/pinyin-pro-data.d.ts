// pinyin-pro exports its data files under ./dist/* but declares no types for them; its own
// types/data/surname.d.ts describes this one.
declare module 'pinyin-pro/dist/esm/data/surname.mjs' {
  /** Surnames (百家姓 and more, compound ones first) → their toned pinyin, syllables split by spaces. */
  const Surnames: Record<string, string>
  export default Surnames
}
