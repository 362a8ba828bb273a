// What Taro's build defines, for modules that read it at import time.
process.env.TARO_ENV = process.env.TARO_ENV || 'h5';
