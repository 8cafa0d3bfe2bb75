import { en } from './en.js';
import type { Messages } from './messages.js';
import { zhTW } from './zh-TW.js';

export type Language = 'en' | 'zh-TW';
export const LANGUAGES: Language[] = ['en', 'zh-TW'];
export const MESSAGES: Record<Language, Messages> = { en, 'zh-TW': zhTW };
export type { Messages };
