// The docs theme: VitePress's default theme plus the live training component (docs/live.md).
import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import LiveTraining from './LiveTraining.vue';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('LiveTraining', LiveTraining);
  },
};

export default theme;
