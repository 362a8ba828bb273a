/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by Taro at build time. */
    NODE_ENV: 'development' | 'production';
    /** The build target. */
    TARO_ENV: 'weapp' | 'h5';
    /** Mini-program AppID; Taro writes it into dist/weapp/project.config.json. */
    TARO_APP_ID?: string;
    /** Mini-program only: the API server's origin, e.g. https://api.example.cn (see .env). */
    TARO_APP_API_BASE?: string;
  }
}
