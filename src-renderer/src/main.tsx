// Renderer entry: connect to GuichetApi through whichever transport is present, then render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api/transport.ts';
import { App } from './app/App.tsx';
import { NoConnection } from './app/NoConnection.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

const root = document.getElementById('root');
if (root) {
  const api = connectApi();
  createRoot(root).render(<StrictMode>{api ? <App api={api} /> : <NoConnection />}</StrictMode>);
}
