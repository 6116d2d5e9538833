// simple-keyboard's package points at its UMD build; its ES module build is smaller and tree-shakes.
// This gives that file the package's own types.
declare module 'simple-keyboard/build/index.modern.esm.js' {
  export { SimpleKeyboard as default } from 'simple-keyboard'
}
