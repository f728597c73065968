// VitePress configuration of the jaxts docs site: navigation, the Korean page, and the Vite
// settings that bundle the published @jaxts/* entry points (their dist builds) for the live page.
import { defineConfig } from 'vitepress';

const guide = [
  { text: 'Getting started', link: '/guide/getting-started' },
  { text: 'Managing parameters and state', link: '/guide/managing-params-and-state' },
  { text: '파라미터와 상태 관리하기 (한국어)', link: '/ko/managing-params-and-state' },
  { text: 'Variable trees and pytrees', link: '/guide/pytrees' },
  { text: 'Random numbers and keys', link: '/guide/random' },
  { text: 'Gradients', link: '/guide/gradients' },
  { text: 'jit and makeJaxpr', link: '/guide/jit-and-jaxprs' },
  { text: 'vmap, axis names and collectives', link: '/guide/vmap' },
  { text: 'Per-example gradients', link: '/guide/per-example-gradients' },
  { text: 'Writing a custom optimizer', link: '/guide/custom-optimizer' },
  { text: 'Memory and backends', link: '/guide/memory-and-backends' },
];

const reference = [
  { text: 'Linen layers', link: '/reference/linen-layers' },
  {
    text: 'Compatibility tables',
    link: '/reference/compat',
    collapsed: true,
    items: ['frozendict', 'tensor', 'grad', 'vmap', 'linen', 'optax-ts'].map((p) => ({
      text: `@jaxts/${p}`,
      link: `/reference/compat/${p}`,
    })),
  },
  { text: 'API reference (TSDoc)', link: '/api/index.html', target: '_self' },
];

export default defineConfig({
  title: 'jaxts',
  description: 'The JAX stack in TypeScript: tensors, grad, jit, vmap, linen and optax.',
  // docs/README.md is for contributors, not a page of the site.
  srcExclude: ['README.md'],
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  cleanUrls: false,
  lastUpdated: false,
  // The TypeDoc output in public/api is plain HTML: links into it are not VitePress pages.
  ignoreDeadLinks: [/^\/api\//],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Reference', link: '/reference/compat' },
      { text: 'API', link: '/api/index.html', target: '_self' },
      { text: 'Live training', link: '/live' },
    ],
    sidebar: [
      { text: 'Guide', items: guide },
      { text: 'Reference', items: reference },
      { text: 'In the browser', items: [{ text: 'Live training', link: '/live' }] },
    ],
    search: { provider: 'local' },
    outline: [2, 3],
  },
  vite: {
    // tfjs-backend-wasm ships a .wasm file next to its JS; the cpu backend (the live page's) needs
    // nothing extra. Nothing here maps @jaxts/* to sources: the bundle uses the packages' exports.
    build: { chunkSizeWarningLimit: 4096 },
    // Linen names submodules after their classes (`MLP`, `Dense_0`), like Flax: keep class names
    // through minification so the bundled page builds the same parameter tree as Node.js.
    esbuild: { keepNames: true },
  },
});
