import { z } from 'zod';

// Every validation message the user may see is Chinese, on the client and the server alike.
z.config(z.locales.zhCN());

export { z };
