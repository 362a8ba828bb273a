import { createElement, type PropsWithChildren } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from './services/query-client';
import './app.css';

function App({ children }: PropsWithChildren) {
  // children is the page being shown; every page shares one request cache.
  return createElement(QueryClientProvider, { client: queryClient }, children);
}

export default App;
