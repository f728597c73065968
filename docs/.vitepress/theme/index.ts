// The docs theme: VitePress's default theme plus the live training component (docs/live.md).
import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';

const theme: Theme = {
  extends: DefaultTheme,
};

export default theme;
